using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using MCIC2.Interop.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MCIC2.Interop.Tests.Host.Operators;

/// <summary>Operators' tokens signed by a test key, dated by the hubs' clock (<see cref="TestClock"/>).</summary>
public static class OperatorTokens
{
    public const string SigningKey = "test-signing-key-of-the-operators-0123456789";

    public static string[] HubSettings => ["--Hub:Operators:SigningKey", SigningKey];

    public static string For(string subject, string? role, string key = SigningKey, TimeSpan? expiresIn = null, string? alsoRole = null)
    {
        var now = TestClock.Now();
        var claims = new List<Claim> { new("sub", subject) };
        claims.AddRange(new[] { role, alsoRole }.OfType<string>().Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime.AddMinutes(-1),
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.UtcDateTime + (expiresIn ?? TimeSpan.FromMinutes(30)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
