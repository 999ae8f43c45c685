using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Benchmarks;

/// <summary>
/// One RC-EDA case (JSON) read, validated, mapped to canonical and written as EMSI XML — the path of a case a
/// SAMU shares with an EMSI-only partner — beside a plain System.Text.Json parse + serialize of the same bytes.
/// </summary>
[MemoryDiagnoser]
public class CaseTranslationBenchmark
{
    private byte[] _case = [];

    [GlobalSetup]
    public void Setup()
    {
        using var stream = typeof(CaseTranslationBenchmark).Assembly.GetManifestResourceStream("RC-EDA_Incendie_RaymondeLECCIA.01.json")!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        _case = buffer.ToArray();
        // Warm the schemas and code lists once: the hub loads them at start, not per message.
        RcEdaJsonToCanonicalToEmsiXml();
    }

    [Benchmark(Baseline = true)]
    public byte[] PlainSystemTextJsonParseAndSerialize() => JsonSerializer.SerializeToUtf8Bytes(JsonNode.Parse(_case));

    [Benchmark]
    public byte[] RcEdaJsonToCanonicalToEmsiXml()
    {
        var decoded = CisuCodec.Shared.Decode(_case);
        return CisuCodec.Shared.Encode(decoded.Message, CisuEncoding.Xml, MessageFamilies.Emsi);
    }
}
