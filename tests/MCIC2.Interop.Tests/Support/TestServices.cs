namespace MCIC2.Interop.Tests.Support;

/// <summary>Connection settings of the test services, exported by <c>./scripts/test</c>.</summary>
public static class TestServices
{
    public const string PostgresVariable = "MCIC2_TEST_POSTGRES";
    public const string RabbitMqVariable = "MCIC2_TEST_RABBITMQ";

    /// <summary>An Npgsql connection string to the test database.</summary>
    public static string PostgresConnectionString => Required(PostgresVariable, "PostgreSQL");

    /// <summary>An amqp:// URI to the test vhost.</summary>
    public static string RabbitMqUri => Required(RabbitMqVariable, "RabbitMQ");

    private static string Required(string variable, string service)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            Assert.Fail($"{variable} is not set, so there is no {service} to test against: run the tests with ./scripts/test, "
                + "which starts PostgreSQL and RabbitMQ and sets it (or run scripts/services/start and export what it prints).");
        }
        return value;
    }
}
