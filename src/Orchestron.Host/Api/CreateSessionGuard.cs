using Orchestron.Host.Configuration;
using Orchestron.Host.Security;

namespace Orchestron.Host.Api;

/// <summary>
/// The create endpoint's filter: decides whether a create request may proceed: CSD text only when the operator enabled it, and every
/// creation with the operator token when one is set.
/// </summary>
public static class CreateSessionGuard
{
    /// <summary>Adds the checks to the create endpoint, whose first argument is the <see cref="CreateSessionRequest"/>.</summary>
    public static TBuilder RequireCreatePermission<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var security = http.RequestServices.GetRequiredService<OrchestronHostOptions>().Security;
            var request = context.Arguments.OfType<CreateSessionRequest>().FirstOrDefault();
            return Refusal(security, request, http) ?? await next(context);
        });

    private static IResult? Refusal(SecurityOptions security, CreateSessionRequest? request, HttpContext http)
    {
        // A CSD is a program (system_i, fout, #include, plugin libraries): no filter over its text could make it
        // safe. It is refused whole unless the operator opted in, and even then it runs only in a sandboxed worker
        // (the session manager sandboxes every CSD that came as text, and refuses it where the sandbox cannot run).
        if (request?.Csd is not null && !security.AllowNetworkCsd)
        {
            return Results.Problem(
                title: "CSD text is disabled",
                detail: $"This host does not run CSD text from the network; choose a library instrument. "
                    + $"Its operator can enable it with {SecuritySettings.AllowNetworkCsd.Switch} "
                    + $"({SecuritySettings.AllowNetworkCsd.EnvironmentVariable}) and an operator token.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        if (security.OperatorToken is not { } operatorToken)
        {
            return null;
        }

        var token = BearerToken.From(http.Request);
        if (token is null)
        {
            http.Response.Headers.WWWAuthenticate = BearerToken.Challenge;
            return Results.Problem(
                title: "Operator token required",
                detail: "This host creates sessions only for requests with 'Authorization: Bearer <operator token>'.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return SecretToken.Matches(token, operatorToken)
            ? null
            : Results.Problem(
                title: "Wrong operator token",
                detail: "The bearer token is not this host's operator token.",
                statusCode: StatusCodes.Status403Forbidden);
    }
}
