using System.ServiceModel;
using MCIC2.Interop.Adapters.PegaseSoap.Channel;
using MCIC2.Interop.Adapters.PegaseSoap.Contract;
using MCIC2.Interop.Adapters.PegaseSoap.Format;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.HubHost.Http;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.HubHost.Pegase;

/// <summary>
/// <c>SignalerFiche</c>, the SOAP channel's receiving side: the fiche, with who sent it and when, is handed to the
/// hub's <see cref="IMessageIntake"/> in the <c>pegase</c> format, as every channel's messages are — stored, then
/// routed to the SDIS, SAMU and forces by the rules. Pégase authenticates as HTTP partners do (a bearer token or a
/// client certificate the rules pin, <see cref="PartnerAuthentication"/>); without either, in the development mode,
/// the sender is the centre's Pégase (<see cref="FicheRecue.PartnerIdOf"/>). A refusal is a SOAP fault whose code is
/// the Hub Santé status (<c>INVALID_MESSAGE</c>) and whose reason is <c>CODE PATH MESSAGE</c> per problem.
/// </summary>
public sealed class PegasePasserelleService(IMessageIntake intake, IHttpContextAccessor http, IKnownSenders senders, TimeProvider clock) : IPegasePasserelle
{
    public async Task<AccuseSignalement> SignalerFiche(Fiche fiche)
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("SignalerFiche outside an HTTP request");
        IntakeVerdict verdict;
        try
        {
            if (fiche is null) throw new MessageRejectedException(HubErrorCode.InvalidMessage, "fiche", "no fiche in the call");
            var authenticated = PartnerAuthentication.SenderOf(context.Request, senders, clock);
            var recue = new FicheRecue
            {
                Emetteur = authenticated ?? FicheRecue.PartnerIdOf(fiche.Centre ?? ""),
                RecueLe = WholeSeconds(clock.GetUtcNow()),
                Destinataire = senders.HubId,
                Fiche = fiche,
            };
            verdict = await intake.ReceiveAsync(
                new InboundMessage(PegaseXml.Write(recue), PegaseFormat.MediaType, PegaseSoapChannel.ChannelName, authenticated), context.RequestAborted);
        }
        catch (MessageRejectedException rejected)
        {
            throw Fault(rejected);
        }
        return verdict switch
        {
            IntakeVerdict.Accepted accepted => new AccuseSignalement
            {
                IdentifiantDistribution = accepted.DistributionId,
                ReferenceHub = MCIC2.Interop.Adapters.Pegase.Mapping.FicheMapper.IncidentKey(fiche!.Centre ?? "", fiche.NumeroFiche ?? ""),
            },
            IntakeVerdict.Refused refused => throw Fault(refused.Rejection),
            // Nothing kept: Pégase reports the same fiche again after the delay.
            IntakeVerdict.NotNow notNow => throw new FaultException(
                new FaultReason($"503 $ the hub cannot take fiches now ({notNow.Reason}); report it again in {Math.Ceiling(notNow.RetryAfter.TotalSeconds)} s"),
                new FaultCode("SERVICE_UNAVAILABLE"), ""),
            _ => throw new InvalidOperationException($"unknown intake verdict {verdict}"),
        };
    }

    /// <summary>CISU times carry no fractions of a second.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset now) => new(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static FaultException Fault(MessageRejectedException rejected) =>
        new(new FaultReason(string.Join("; ", rejected.Problems)), new FaultCode(rejected.Code.StatusString()), "");
}
