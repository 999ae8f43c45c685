namespace MCIC2.Interop.Tests.Support;

/// <summary>Connection settings of the test services, exported by <c>./scripts/test</c>.</summary>
public static class TestServices
{
    public const string PostgresVariable = "MCIC2_TEST_POSTGRES";
    public const string RabbitMqVariable = "MCIC2_TEST_RABBITMQ";
    public const string RabbitMqTlsVariable = "MCIC2_TEST_RABBITMQ_TLS";
    public const string RabbitMqCaVariable = "MCIC2_TEST_RABBITMQ_CA";
    public const string RabbitMqCtlVariable = "MCIC2_TEST_RABBITMQCTL";

    /// <summary>An Npgsql connection string to the test database.</summary>
    public static string PostgresConnectionString => Required(PostgresVariable, "PostgreSQL");

    /// <summary>An amqp:// URI to the test vhost, as the administrator (PLAIN, no TLS).</summary>
    public static string RabbitMqUri => Required(RabbitMqVariable, "RabbitMQ");

    /// <summary>An amqps:// URI to the test vhost on the TLS listener, where clients log in with their certificate.</summary>
    public static string RabbitMqTlsUri => Required(RabbitMqTlsVariable, "RabbitMQ TLS listener");

    /// <summary>The directory of the throw-away test CA: <c>ca.crt</c> and <c>ca.key</c> (PEM).</summary>
    public static string RabbitMqCaDirectory => Required(RabbitMqCaVariable, "test CA");

    /// <summary>rabbitmqctl bound to the test node.</summary>
    public static string RabbitMqCtl => Required(RabbitMqCtlVariable, "rabbitmqctl for the test node");

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
