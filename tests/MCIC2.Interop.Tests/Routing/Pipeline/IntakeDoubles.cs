using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>The intake's queue, recording what it was given (the intake tests check a refusal queues nothing).</summary>
internal sealed class RecordingQueue : IIntakeQueue
{
    public List<AcceptedMessage> Queued { get; } = [];

    public Task EnqueueAsync(AcceptedMessage message, CancellationToken ct)
    {
        Queued.Add(message);
        return Task.CompletedTask;
    }

    /// <summary>The verdict as a refusal with <paramref name="code"/>, having queued nothing.</summary>
    public IntakeVerdict.Refused AssertRefused(IntakeVerdict verdict, HubErrorCode code)
    {
        var refused = verdict as IntakeVerdict.Refused ?? throw new AssertFailedException($"expected a refusal {(int)code}, got {verdict}");
        Assert.AreEqual(code, refused.Rejection.Code, refused.Rejection.Message);
        Assert.IsEmpty(Queued, "a refused message is never queued");
        return refused;
    }
}

/// <summary>A partner of the intake tests, on HTTP at an address nobody listens on (the intake sends nothing).</summary>
internal static class IntakePartner
{
    public static Partner Of(string id, PartnerKind kind = PartnerKind.Sdis, string format = "cisu-json", string? tokenSha256 = null, string? certificateSha256 = null) =>
        new(id, kind, id, [kind == PartnerKind.Corg ? "EMSI" : "RC-EDA", "RS-ERROR"], format, "http", $"http://127.0.0.1:9/{id}",
            TokenSha256: tokenSha256, CertificateSha256: certificateSha256);
}

/// <summary>The partners an intake test's hub knows.</summary>
internal sealed class KnownSenders(Partner[] partners) : IKnownSenders
{
    public Partner? Find(string senderId) => partners.FirstOrDefault(p => PartnerDirectory.SameId(p.Id, senderId));

    public Partner? WithTokenSha256(string digest) => partners.FirstOrDefault(p => p.TokenSha256 == digest);

    public Partner? WithCertificateSha256(string digest) => partners.FirstOrDefault(p => p.CertificateSha256 == digest);

    public string HubId => "fr.police.mcic2";
}
