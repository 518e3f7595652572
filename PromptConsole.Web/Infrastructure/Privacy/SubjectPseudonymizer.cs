using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Privacy;

/// <summary><c>PromptConsole:Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "PromptConsole:Privacy";

    /// <summary>
    /// The HMAC key for subject pseudonyms, base64 (at least 32 bytes). Left empty, a random key is
    /// generated on first use and kept in the database, so every instance of the installation
    /// derives the same pseudonym for the same subject.
    /// </summary>
    public string? SubjectKey { get; set; }
}

/// <summary>
/// Turns execution subjects (user ids, tenant ids) into keyed pseudonyms: HMAC-SHA256 under a
/// per-installation key. A plain hash of "user-42" can be reversed by hashing every likely id;
/// without the key the pseudonym says nothing, yet it stays stable, so per-subject analysis
/// (stickiness checks, distinct users) still works.
/// </summary>
public sealed class SubjectPseudonymizer(IDbContextFactory<PromptConsoleDbContext> dbFactory, IOptions<PrivacyOptions> options, TimeProvider time)
{
    public const string SecretName = "subject-hmac-key";
    public const int MinKeyBytes = 32;

    /// <summary>Hex characters kept: 128 bits, ample against collisions between subjects.</summary>
    public const int PseudonymLength = 32;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    /// <summary>The pseudonym of <paramref name="subject"/>; the key must have been loaded (<see cref="EnsureKeyAsync"/>).</summary>
    public string Pseudonym(string subject)
    {
        var key = Volatile.Read(ref _key) ?? throw new InvalidOperationException("The subject key has not been loaded.");
        return Pseudonym(key, subject);
    }

    public static string Pseudonym(byte[] key, string subject) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(subject)))[..PseudonymLength];

    /// <summary>Loads the key from configuration or the database, creating it there on first use.</summary>
    public async Task EnsureKeyAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _key) is not null)
            return;

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null)
                return;
            Volatile.Write(ref _key, ConfiguredKey() ?? await StoredKeyAsync(cancellationToken));
        }
        finally
        {
            _loading.Release();
        }
    }

    private byte[]? ConfiguredKey()
    {
        var configured = options.Value.SubjectKey;
        if (string.IsNullOrWhiteSpace(configured))
            return null;

        // Validated at start-up; see PrivacyOptionsValidator.
        return Convert.FromBase64String(configured.Trim());
    }

    private async Task<byte[]> StoredKeyAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.InstallationSecrets.AsNoTracking().FirstOrDefaultAsync(s => s.Name == SecretName, cancellationToken);
        if (stored is not null)
            return Convert.FromBase64String(stored.Value);

        var key = RandomNumberGenerator.GetBytes(MinKeyBytes);
        db.InstallationSecrets.Add(new InstallationSecret { Name = SecretName, Value = Convert.ToBase64String(key), CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return key;
        }
        catch (DbUpdateException exception) when (db.IsUniqueViolation(exception))
        {
            // Another instance created it first: use theirs, so pseudonyms agree.
            await using var reread = await dbFactory.CreateDbContextAsync(cancellationToken);
            var winner = await reread.InstallationSecrets.AsNoTracking().FirstAsync(s => s.Name == SecretName, cancellationToken);
            return Convert.FromBase64String(winner.Value);
        }
    }
}

public sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SubjectKey))
            return ValidateOptionsResult.Success;

        var bytes = new byte[options.SubjectKey.Length];
        return Convert.TryFromBase64String(options.SubjectKey.Trim(), bytes, out var length) && length >= SubjectPseudonymizer.MinKeyBytes
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{PrivacyOptions.Section}:SubjectKey must be base64 of at least {SubjectPseudonymizer.MinKeyBytes} random bytes (e.g. `openssl rand -base64 32`).");
    }
}
