using System.Security.Cryptography;
using System.Text;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>Compares a presented secret with a configured one in constant time, whatever their lengths (both are hashed first).</summary>
public static class SecretComparison
{
    public static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
