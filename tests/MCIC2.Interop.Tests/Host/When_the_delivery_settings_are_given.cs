using MCIC2.Interop.HubHost;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Tests.Host;

/// <summary><c>Hub:Delivery:*</c> (docs/routing.md) reaches the delivery workers; a misspelt key stops the start.</summary>
[TestClass]
public sealed class When_the_delivery_settings_are_given
{
    [TestMethod]
    public async Task The_workers_get_them_and_a_key_they_do_not_know_is_refused_with_its_name()
    {
        using var directory = new TempDirectory("mcic2-delivery-");
        string[] common = ["--urls", "http://127.0.0.1:0", "--Hub:DataDirectory", directory.Path, .. TestClock.HubSettings];

        await using (var app = HubHostBuilder.Build([.. common, "--Hub:Delivery:IdlePoll", "00:00:02", "--Hub:Delivery:MaxAttempts", "7"]))
        {
            var options = app.Services.GetRequiredService<DeliveryOptions>();
            Assert.AreEqual(TimeSpan.FromSeconds(2), options.IdlePoll);
            Assert.AreEqual(7, options.MaxAttempts);
            Assert.AreEqual(TimeSpan.FromSeconds(60), options.MaxRetryDelay, "what is not set keeps its default");
        }
        var refused = Assert.ThrowsExactly<InvalidOperationException>(() => HubHostBuilder.Build([.. common, "--Hub:Delivery:IdlePol", "00:00:02"]));
        StringAssert.Contains(refused.Message, "IdlePol");
    }
}
