using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Domino.Emulator.Internal;

/// <summary>Identifier generation and validation: ObjectId-style run/project ids and SHA-1 commit ids and blob keys.</summary>
internal static class Ids
{
    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdefABCDEF");
    private static int _counter = RandomNumberGenerator.GetInt32(0, 0x1000000);

    /// <summary>A new 24 lower-case hex id: 4 bytes of seconds, 5 random bytes, a 3-byte counter (like a MongoDB ObjectId).</summary>
    public static string NewObjectId()
    {
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        RandomNumberGenerator.Fill(bytes.Slice(4, 5));
        int next = Interlocked.Increment(ref _counter) & 0xFFFFFF;
        bytes[9] = (byte)(next >> 16);
        bytes[10] = (byte)(next >> 8);
        bytes[11] = (byte)next;
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>A 40 lower-case hex id that is not derived from any content (used for commit ids).</summary>
    public static string NewCommitId(string seed)
    {
        Span<byte> nonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        return Sha1Hex(Encoding.UTF8.GetBytes(seed + "\n" + Convert.ToHexString(nonce)));
    }

    /// <summary>Whether <paramref name="value"/> is a 24-character hex id.</summary>
    public static bool IsObjectId(string? value) => value is { Length: 24 } && IsHex(value);

    /// <summary>Whether <paramref name="value"/> is a 40-character hex id.</summary>
    public static bool IsSha1(string? value) => value is { Length: 40 } && IsHex(value);

    /// <summary>The SHA-1 of the bytes, as 40 lower-case hex characters.</summary>
    public static string Sha1Hex(ReadOnlySpan<byte> data)
    {
#pragma warning disable CA5350 // SHA-1 names content here (like git); it protects nothing.
        return Convert.ToHexStringLower(SHA1.HashData(data));
#pragma warning restore CA5350
    }

    /// <summary>A stable user id for an owner name, so <c>startingUserId</c> and <c>ownerId</c> agree across restarts.</summary>
    public static string UserIdFor(string owner) =>
        Sha1Hex(Encoding.UTF8.GetBytes("user:" + owner.ToUpperInvariant()))[..24];

    /// <summary>Creates an incremental SHA-1 hasher for streaming content.</summary>
    public static IncrementalHash NewSha1() =>
#pragma warning disable CA5350 // SHA-1 names content here (like git); it protects nothing.
        IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
#pragma warning restore CA5350

    private static bool IsHex(string value) => value.AsSpan().IndexOfAnyExcept(HexChars) < 0;
}
