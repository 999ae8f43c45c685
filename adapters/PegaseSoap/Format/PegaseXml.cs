using System.Runtime.Serialization;
using System.Xml;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.PegaseSoap.Format;

/// <summary>The bytes of the Pégase format: the SOAP contracts' DataContract XML (the same serializer as the SOAP
/// calls, so stored and sent fields are the same), read with bounded quotas and never a DTD.</summary>
public static class PegaseXml
{
    public const int MaxInputBytes = 4 * 1024 * 1024;

    public static byte[] Write<T>(T value)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlDictionaryWriter.CreateTextWriter(stream, System.Text.Encoding.UTF8, ownsStream: false))
            new DataContractSerializer(typeof(T)).WriteObject(writer, value);
        return stream.ToArray();
    }

    public static T Read<T>(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > MaxInputBytes)
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$", $"message larger than {MaxInputBytes} bytes");
        try
        {
            using var reader = XmlDictionaryReader.CreateTextReader(bytes.ToArray(), new XmlDictionaryReaderQuotas
            {
                MaxDepth = 32, MaxStringContentLength = MaxInputBytes, MaxArrayLength = MaxInputBytes, MaxNameTableCharCount = 16384,
            });
            return (T?)new DataContractSerializer(typeof(T)).ReadObject(reader)
                ?? throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, "$", $"not a Pégase {typeof(T).Name}: empty");
        }
        catch (Exception e) when (e is SerializationException or XmlException)
        {
            throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, "$", $"not a Pégase {typeof(T).Name}: {e.Message}");
        }
    }
}
