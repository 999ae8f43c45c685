using MCIC2.Interop.Adapters.PegaseSoap.Contract;
using SoapCore;

namespace MCIC2.Interop.HubHost.Pegase;

/// <summary>
/// The live Pégase bridge in the host (docs/pegase-soap.md): the <c>PegasePasserelle</c> SOAP service at
/// <see cref="Path"/> (its WSDL at <c>?wsdl</c>). Settings: <c>Hub:Pegase:Timeout</c> (how long the <c>pegase-soap</c>
/// channel waits for ServicePegase's answer, 30 s by default).
/// </summary>
public static class PegaseBridge
{
    public const string Path = "/pegase/PegasePasserelle.svc";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static void AddPegaseBridge(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSoapCore();
        services.AddScoped<PegasePasserelleService>();
        services.AddScoped<IPegasePasserelle>(sp => sp.GetRequiredService<PegasePasserelleService>());
    }

    /// <summary>On <see cref="IApplicationBuilder"/>: SoapCore's extension is ambiguous on WebApplication.</summary>
    public static void UsePegaseBridge(this IApplicationBuilder app) =>
        app.UseSoapEndpoint<IPegasePasserelle>(Path, new SoapEncoderOptions(), SoapSerializer.DataContractSerializer);
}
