using MCIC2.Interop.Routing.Delivery;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>A row of <c>deliveries</c> as Dapper reads it (plain column types, the same on both databases).</summary>
internal sealed class DeliveryRow
{
    /// <summary>The columns under the row's property names, for every SELECT of deliveries.</summary>
    public const string Columns =
        "sequence AS Sequence, delivery_id AS DeliveryId, partner_id AS PartnerId, incident_key AS IncidentKey, " +
        "source_distribution_id AS SourceDistributionId, family AS Family, format AS Format, content_type AS ContentType, " +
        "distribution_kind AS DistributionKind, address_role AS AddressRole, incident_version AS IncidentVersion, trace_parent AS TraceParent, body AS Body, " +
        "created_at AS CreatedAt, expires_at AS ExpiresAt, state AS State, attempts AS Attempts, " +
        "next_attempt_at AS NextAttemptAt, last_error AS LastError, transport_code AS TransportCode, delivered_at AS DeliveredAt, " +
        "replay_of AS ReplayOf, replayed_as AS ReplayedAs";

    public long Sequence { get; set; }
    public string DeliveryId { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string IncidentKey { get; set; } = "";
    public string SourceDistributionId { get; set; } = "";
    public string Family { get; set; } = "";
    public string Format { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string DistributionKind { get; set; } = "";
    public string AddressRole { get; set; } = "";
    public long? IncidentVersion { get; set; }
    public string? TraceParent { get; set; }
    public byte[] Body { get; set; } = [];
    public string CreatedAt { get; set; } = "";
    public string? ExpiresAt { get; set; }
    public string State { get; set; } = "";
    public long Attempts { get; set; }
    public string? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public string? TransportCode { get; set; }
    public string? DeliveredAt { get; set; }
    public string? ReplayOf { get; set; }
    public string? ReplayedAs { get; set; }

    public StoredDelivery ToStored() => new(
        Sequence,
        new PendingDelivery(DeliveryId, PartnerId, IncidentKey, SourceDistributionId, Family, Format, ContentType, DistributionKind, Body,
            StoredTime.Read(CreatedAt), StoredTime.ReadOptional(ExpiresAt), ReplayOf)
        {
            Role = Enum.Parse<AddressRole>(AddressRole),
            IncidentVersion = IncidentVersion,
            TraceParent = TraceParent,
        },
        Enum.Parse<DeliveryState>(State),
        checked((int)Attempts),
        StoredTime.ReadOptional(NextAttemptAt),
        LastError,
        StoredTime.ReadOptional(DeliveredAt),
        ReplayedAs,
        TransportCode);

    /// <summary>The parameters that insert <paramref name="delivery"/> as a new pending delivery.</summary>
    public static object InsertParameters(PendingDelivery delivery) => new
    {
        delivery.DeliveryId,
        delivery.PartnerId,
        delivery.IncidentKey,
        delivery.SourceDistributionId,
        delivery.Family,
        delivery.Format,
        delivery.ContentType,
        delivery.DistributionKind,
        AddressRole = delivery.Role.ToString(),
        delivery.IncidentVersion,
        delivery.TraceParent,
        delivery.Body,
        CreatedAt = StoredTime.Write(delivery.CreatedAt),
        ExpiresAt = StoredTime.Write(delivery.ExpiresAt),
        State = nameof(DeliveryState.Pending),
        delivery.ReplayOf,
    };

    /// <summary>Inserts a pending delivery; a delivery id already in the outbox is not inserted again (its
    /// sequence is null then), so a repeated enqueue — a retried handler, a repeated expiry callback — sends once.</summary>
    public const string InsertSql = """
        INSERT INTO deliveries (delivery_id, partner_id, incident_key, source_distribution_id, family, format, content_type,
                                distribution_kind, address_role, incident_version, trace_parent, body, created_at, expires_at, state, attempts, replay_of)
        VALUES (@DeliveryId, @PartnerId, @IncidentKey, @SourceDistributionId, @Family, @Format, @ContentType,
                @DistributionKind, @AddressRole, @IncidentVersion, @TraceParent, @Body, @CreatedAt, @ExpiresAt, @State, 0, @ReplayOf)
        ON CONFLICT (delivery_id) DO NOTHING
        RETURNING sequence
        """;
}
