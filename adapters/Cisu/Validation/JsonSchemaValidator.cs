using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>
/// Validates CISU JSON messages against the official draft-07 schemas embedded in this assembly.
/// Our own evaluator (not a library) so that every pattern runs on the NonBacktracking engine: the official
/// caseId pattern backtracks exponentially. Schemas are loaded once; an instance is immutable and thread-safe.
/// </summary>
public sealed class JsonSchemaValidator
{
    public const string EnvelopeSchema = "EDXL-DE-full.schema.json";

    /// <summary>At most this many problems are reported for one message: enough to fix it, bounded against floods.</summary>
    public const int MaxProblems = 100;

    /// <summary>The envelope schema without its use-case oneOf, which <see cref="ValidateEnvelope"/> checks itself.</summary>
    private const string EnvelopeOnly = "EDXL-DE-full.schema.json, envelope part";

    private static readonly Lazy<JsonSchemaValidator> SharedInstance = new(() => new JsonSchemaValidator());

    private static readonly string HeaderFile = CisuUseCases.ByFamily(CisuUseCases.HeaderSchema)!.JsonSchemaFile;

    private readonly JsonSchemaSet schemas;

    public JsonSchemaValidator()
    {
        var files = SchemaResources.JsonSchemaFiles().ToDictionary(file => file, SchemaResources.ReadJsonSchema);
        var envelopeOnly = files[EnvelopeSchema].DeepClone();
        envelopeOnly["definitions"]!["EmbeddedJsonContent"] = new JsonObject { ["type"] = "object" };
        files[EnvelopeOnly] = envelopeOnly;
        schemas = new JsonSchemaSet(files);
    }

    public static JsonSchemaValidator Shared => SharedInstance.Value;

    /// <summary>Validates <paramref name="instance"/> against the root of <paramref name="schemaFile"/> (e.g. <c>RC-EDA.schema.json</c>).</summary>
    public IReadOnlyList<Problem> Validate(JsonNode? instance, string schemaFile, string instancePath = JsonPath.Root)
    {
        var evaluation = new JsonSchemaEvaluation(schemas, MaxProblems);
        evaluation.Evaluate(schemas.Root(schemaFile), schemaFile, instance, instancePath);
        return evaluation.Problems;
    }

    /// <summary>
    /// Validates a full EDXL-DE message as <c>EDXL-DE-full.schema.json</c> does, except that the use-case oneOf is
    /// explained: "no use case found in message" or "more than one use case" at the message path, and otherwise the
    /// problems of the RC-DE header and of the use case themselves. Stricter than the bare oneOf on one point:
    /// a message carrying two use-case keys is refused even when only one of them is valid.
    /// </summary>
    public IReadOnlyList<Problem> ValidateEnvelope(JsonNode? edxl)
    {
        var evaluation = new JsonSchemaEvaluation(schemas, MaxProblems);
        // the official envelope schema has no root "type": without this, [] or "x" would be a valid message
        if (edxl is not JsonObject) evaluation.Report(JsonPath.Root, "an EDXL-DE message must be a JSON object");
        evaluation.Evaluate(schemas.Root(EnvelopeOnly), EnvelopeOnly, edxl, JsonPath.Root);
        if ((edxl as JsonObject)?["content"] is JsonArray contents)
        {
            for (var i = 0; i < contents.Count; i++)
            {
                var path = JsonPath.Index("$.content", i) + ".jsonContent.embeddedJsonContent";
                if ((contents[i] as JsonObject)?["jsonContent"]?["embeddedJsonContent"] is JsonObject embedded)
                    EvaluateMessage(evaluation, embedded["message"], JsonPath.Member(path, "message"));
            }
        }
        return evaluation.Problems;
    }

    /// <summary>Validates a bare payload such as <c>{"createCase": {...}}</c> against its use-case schema (<c>RC-EDA.schema.json</c> or <c>RC-EDA</c>).</summary>
    public IReadOnlyList<Problem> ValidatePayload(JsonNode? payloadObject, string schemaFile)
    {
        var useCase = CisuUseCases.ByFamily(schemaFile)
                      ?? throw new ArgumentException($"{schemaFile} is not a CISU use-case schema", nameof(schemaFile));
        var evaluation = new JsonSchemaEvaluation(schemas, MaxProblems);
        var wrapper = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray(useCase.RootKey),
            ["additionalProperties"] = false,
        };
        wrapper["properties"] = new JsonObject { [useCase.RootKey] = new JsonObject { ["$ref"] = useCase.JsonSchemaFile } };
        evaluation.Evaluate(wrapper, useCase.JsonSchemaFile, payloadObject, JsonPath.Root);
        return evaluation.Problems;
    }

    /// <summary>Validates a bare payload against the schema its single root key names (<c>createCase</c> → RC-EDA).</summary>
    public IReadOnlyList<Problem> ValidatePayload(JsonNode? payloadObject)
    {
        var roots = (payloadObject as JsonObject)?.Select(member => member.Key).ToList() ?? [];
        var useCase = roots.Count == 1 ? CisuUseCases.ByRootKey(roots[0]) : null;
        return useCase is null
            ? [new Problem(HubErrorCode.InvalidMessage, JsonPath.Root, $"no CISU use case has the root {string.Join(", ", roots)}; expected one of {string.Join(", ", CisuUseCases.All.Select(u => u.RootKey))}")]
            : ValidatePayload(payloadObject, useCase.JsonSchemaFile);
    }

    private bool CarriesHeader(JsonNode message) =>
        message is JsonObject fields && schemas.Root(HeaderFile)["properties"]!.AsObject().Any(p => fields.ContainsKey(p.Key));

    private void EvaluateMessage(JsonSchemaEvaluation evaluation, JsonNode? message, string path)
    {
        var present = CisuUseCases.All.Where(u => (message as JsonObject)?.ContainsKey(u.RootKey) == true).ToList();
        switch (present.Count)
        {
            case 0:
                evaluation.Report(path, $"no use case found in message: one of {string.Join(", ", CisuUseCases.All.Select(u => u.RootKey))} is required");
                // the header is still checked, so that its own problems are reported too
                evaluation.Evaluate(schemas.Root(HeaderFile), HeaderFile, message, path);
                break;
            case 1:
                var useCase = present[0];
                // The schemas let an error, customContent or technicalNoreq travel without header; one that carries
                // it anyway (the hub's own RS-ERRORs do) has it read, so it is checked as any header.
                if (useCase.HasHeader || CarriesHeader(message!))
                    evaluation.Evaluate(schemas.Root(HeaderFile), HeaderFile, message, path);
                evaluation.Evaluate(schemas.Root(useCase.JsonSchemaFile), useCase.JsonSchemaFile, message![useCase.RootKey], JsonPath.Member(path, useCase.RootKey));
                break;
            default:
                evaluation.Report(path, $"more than one use case in message ({string.Join(", ", present.Select(u => u.RootKey))}): exactly one is required");
                break;
        }
    }
}
