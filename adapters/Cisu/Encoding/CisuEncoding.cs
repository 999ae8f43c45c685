namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>The two wire encodings of a CISU message.</summary>
public enum CisuEncoding { Json, Xml }
