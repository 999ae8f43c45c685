using System.Security.Authentication;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Topology;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Services;

/// <summary>
/// Proves the TLS listener of the test RabbitMQ is what a HubEx client meets: mutual TLS 1.2, login by certificate
/// only (SASL EXTERNAL, CN = user), a client held to its own routing key -- with RabbitMQ.Client and with a second
/// AMQP library (python3-pika). Users and permissions are the hub's own HubEx definitions, imported with rabbitmqctl.
/// </summary>
[TestClass]
public sealed class When_a_client_connects_to_the_test_RabbitMQ_with_its_certificate
{
    // Fixed names: the import is additive and re-runnable, so every run (concurrent ones on the shared broker too)
    // provisions the same and leaves nothing behind.
    private const string SendExchange = "mcic2.services.send";
    private const string DotnetClient = "fr.police.services-dotnet";
    private const string PikaClient = "fr.police.services-pika";

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static Task Provision(TestContext context) =>
        TestRabbit.ImportDefinitionsAsync(HubExDefinitions.For(Hub, [DotnetClient, PikaClient]), context.CancellationToken);

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task The_certificate_logs_in_with_EXTERNAL_as_the_user_its_common_name_names()
    {
        var ct = TestContext.CancellationToken;
        await using var connection = await TestRabbit.Client(DotnetClient).CreateConnectionAsync(ct);
        // A missing permission fails only the first channel: open one, on the client's own queue.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await channel.QueueDeclarePassiveAsync($"{DotnetClient}.message", ct);

        var connections = await TestRabbit.CtlAsync(ct, "-q", "list_connections", "--no-table-headers", "peer_port", "user", "auth_mechanism");
        CollectionAssert.Contains(connections.Split('\n'), $"{connection.LocalPort}\t{DotnetClient}\tEXTERNAL", connections);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_certificate_whose_common_name_is_no_user_is_refused_at_login()
    {
        var factory = TestRabbit.Client($"fr.police.unknown-{Guid.NewGuid():N}");

        var refused = await Assert.ThrowsAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync(TestContext.CancellationToken));
        Assert.IsInstanceOfType<AuthenticationFailureException>(refused.InnerException, refused.ToString());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_connection_without_a_client_certificate_fails_in_the_TLS_handshake()
    {
        var factory = TestRabbit.Client(certificate: null);

        var refused = await Assert.ThrowsAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync(TestContext.CancellationToken));
        Assert.IsTrue(Causes(refused).Any(cause => cause is AuthenticationException), refused.ToString());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_client_publishes_with_its_own_routing_key_and_is_refused_403_with_another()
    {
        var ct = TestContext.CancellationToken;
        await using var connection = await TestRabbit.Client(DotnetClient).CreateConnectionAsync(ct);
        // Confirm tracking on: the refusal surfaces in BasicPublishAsync itself, not later on a dead channel.
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };

        await channel.BasicPublishAsync(SendExchange, DotnetClient, mandatory: false, properties, "{}"u8.ToArray(), ct);
        var refused = await Assert.ThrowsAsync<AlreadyClosedException>(async () =>
            await channel.BasicPublishAsync(SendExchange, PikaClient, mandatory: false, properties, "{}"u8.ToArray(), ct));

        Assert.AreEqual((ushort?)Constants.AccessRefused, refused.ShutdownReason?.ReplyCode, refused.ToString());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_pika_client_logs_in_with_its_certificate_and_is_held_to_its_own_routing_key()
    {
        var ct = TestContext.CancellationToken;
        using var directory = new TempDirectory();
        var (certificateFile, keyFile) = TestCertificates.WritePem(TestCertificates.Client(PikaClient), directory.Path);

        var run = await ProgramRun.RunAsync("/usr/bin/python3",
        [
            Path.Combine(AppContext.BaseDirectory, "Services", "pika_client.py"),
            TestServices.RabbitMqTlsUri, Path.Combine(TestServices.RabbitMqCaDirectory, "ca.crt"), certificateFile, keyFile,
            SendExchange, $"{PikaClient}.message", PikaClient, DotnetClient,
        ], ct);

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        Assert.AreEqual($"{PikaClient} confirmed\n{DotnetClient} refused 403\n", run.Stdout, run.Stderr);
    }

    /// <summary>What the hub's own definitions grant its clients (<c>mcic2 hubex definitions</c>): the broker is held to
    /// the product's rights, not to a copy of them.</summary>
    private static readonly HubExOptions Hub = new()
    {
        VirtualHost = TestRabbit.VirtualHost,
        HubId = "fr.police.services-hub",
        SendExchange = SendExchange,
        DistributionExchange = $"{SendExchange}.distribution",
        DeadLetterExchange = $"{SendExchange}.dlx",
        DispatcherQueue = $"{SendExchange}.dispatcher",
        DeadLetterQueue = $"{SendExchange}.dead-letters",
    };

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var cause = exception.InnerException; cause is not null; cause = cause.InnerException) yield return cause;
    }
}
