namespace MCIC2.Interop.HubHost.Operators;

/// <summary>The operators' API under <c>/api/</c> (every endpoint needs the viewer role at least) and its OpenAPI
/// document at <c>/openapi/v1.json</c>.</summary>
public static class OperatorApi
{
    public static void AddOperatorApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOperatorAccess(configuration);
        services.AddOpenApi();
        services.AddSingleton<OperatorAudit>();
    }

    public static void MapOperatorApi(this WebApplication app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("/api").RequireAuthorization(OperatorPolicies.Read).WithTags("operators");
        api.MapIncidentEndpoints();
        api.MapDeadLetterEndpoints();
        api.MapPartnerEndpoints();
        api.MapAuditEndpoints();
        api.MapRulesEndpoints();
    }
}
