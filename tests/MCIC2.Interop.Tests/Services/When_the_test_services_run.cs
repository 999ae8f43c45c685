using System.Text;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Services;

/// <summary>
/// Proves that the services started by <c>./scripts/test</c> (scripts/services/start) are real:
/// a PostgreSQL that stores and returns rows, a RabbitMQ that confirms and delivers messages.
/// Without the settings these tests fail -- they never skip -- so a run that lost its services
/// cannot pass unnoticed.
/// </summary>
[TestClass]
public sealed class When_the_test_services_run
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task PostgreSQL_stores_a_row_and_returns_it()
    {
        var ct = TestContext.CancellationToken;
        await using var connection = new NpgsqlConnection(TestServices.PostgresConnectionString);
        await connection.OpenAsync(ct);

        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE smoke (id int PRIMARY KEY, note text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        await using (var insert = new NpgsqlCommand("INSERT INTO smoke (id, note) VALUES (@id, @note)", connection))
        {
            insert.Parameters.AddWithValue("id", 42);
            insert.Parameters.AddWithValue("note", "évènement reçu");
            Assert.AreEqual(1, await insert.ExecuteNonQueryAsync(ct));
        }
        await using var select = new NpgsqlCommand("SELECT note FROM smoke WHERE id = 42", connection);
        Assert.AreEqual("évènement reçu", await select.ExecuteScalarAsync(ct));
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task RabbitMQ_confirms_a_published_message_and_delivers_it()
    {
        var ct = TestContext.CancellationToken;
        var factory = new ConnectionFactory { Uri = new Uri(TestServices.RabbitMqUri) };
        await using var connection = await factory.CreateConnectionAsync(ct);
        // Tracking on: BasicPublishAsync returns only once the broker confirmed the message.
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);

        // A unique name: a queue re-declared with other arguments fails (PRECONDITION_FAILED).
        var queue = $"mcic2.smoke.{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: true, autoDelete: true, cancellationToken: ct);

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            received.TrySetResult(Encoding.UTF8.GetString(delivery.Body.Span));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, ct);

        var properties = new BasicProperties { MessageId = Guid.NewGuid().ToString(), ContentType = "text/plain" };
        await channel.BasicPublishAsync(exchange: "", routingKey: queue, mandatory: true, properties,
            Encoding.UTF8.GetBytes("RC-EDA smoke"), ct);

        Assert.AreEqual("RC-EDA smoke", await received.Task.WaitAsync(TimeSpan.FromSeconds(30), ct));
    }
}
