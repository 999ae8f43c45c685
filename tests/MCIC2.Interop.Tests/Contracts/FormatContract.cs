using System.Text;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Formats;

namespace MCIC2.Interop.Tests.Contracts;

/// <summary>
/// What every format of the seam must do (as Rebus' transport contract tests do for transports): carry each of its
/// samples through canonical and back unchanged, refuse broken input with a code and a path — never an exception of
/// its own — and stay within its bounds. A new format passes by deriving a fixture from this class.
/// </summary>
public abstract class FormatContract
{
    protected abstract IMessageFormat Format { get; }

    /// <summary>Messages in this format, as a partner would send them (several families where the format has them).</summary>
    protected abstract IEnumerable<byte[]> Samples { get; }

    [TestMethod]
    public void Each_sample_comes_back_the_same_after_canonical()
    {
        foreach (var sample in Samples)
        {
            var message = Format.Decode(sample);
            var encoded = Format.Encode(message, message.Family);
            var again = Format.Encode(Format.Decode(encoded), message.Family);

            CollectionAssert.AreEqual(encoded, again, $"{Format.Name}: a {message.Family} changes when read back");
            Assert.AreEqual(message.Distribution?.DistributionId, Format.Decode(encoded).Distribution?.DistributionId);
        }
    }

    [TestMethod]
    public void What_it_writes_is_what_its_content_type_says()
    {
        var first = Samples.First();
        var encoded = Format.Encode(Format.Decode(first), Format.Decode(first).Family);
        var start = (char)encoded[encoded.AsSpan().IndexOfAnyExcept(" \t\r\n\uFEFF"u8)];

        Assert.AreEqual(Format.ContentType.EndsWith("xml", StringComparison.Ordinal) ? '<' : '{', start, $"{Format.Name} writes {Format.ContentType}");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("{")]
    [DataRow("<")]
    [DataRow("\u00ff\u00fe garbage")]
    [DataRow("[1, 2, 3]")]
    public void Broken_input_is_refused_with_a_code_and_a_path(string input) =>
        AssertRefused(Encoding.UTF8.GetBytes(input));

    [TestMethod]
    public void Truncated_samples_are_refused_with_a_code_and_a_path()
    {
        foreach (var sample in Samples)
        {
            foreach (var length in new[] { 1, sample.Length / 3, sample.Length / 2, sample.Length - 2 })
                AssertRefused(sample[..length]);
        }
    }

    [TestMethod]
    public void Input_beyond_its_bounds_is_refused_not_read()
    {
        var deep = Encoding.UTF8.GetBytes(Format.ContentType.EndsWith("xml", StringComparison.Ordinal)
            ? string.Concat(Enumerable.Repeat("<a>", 10_000)) + string.Concat(Enumerable.Repeat("</a>", 10_000))
            : string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)));
        AssertRefused(deep);

        var huge = new byte[5 * 1024 * 1024];
        Array.Fill(huge, (byte)' ');
        AssertRefused(huge);
    }

    private void AssertRefused(byte[] input)
    {
        try
        {
            var message = Format.Decode(input);
            Assert.Fail($"{Format.Name} read {input.Length} broken bytes as a {message.Family}");
        }
        catch (MessageRejectedException rejected)
        {
            Assert.IsNotEmpty(rejected.Problems);
            foreach (var problem in rejected.Problems)
            {
                Assert.IsTrue(Enum.IsDefined(problem.Code), $"{Format.Name}: {problem}");
                Assert.IsFalse(string.IsNullOrWhiteSpace(problem.Path), $"{Format.Name}: a problem without its place: {problem}");
            }
        }
    }
}
