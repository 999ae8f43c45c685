using MCIC2.Interop.HubHost.Clock;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Host;

/// <summary><c>Hub:ClockOffset</c>: the one setting that moves the hub's clock, used by the tests' calendar guard.</summary>
[TestClass]
public sealed class When_the_hub_clock_is_moved
{
    [TestMethod]
    public void Without_an_offset_the_hub_runs_on_the_system_clock()
    {
        Assert.AreSame(TimeProvider.System, HubClock.From(new ConfigurationBuilder().Build()));
    }

    [TestMethod]
    public void An_offset_moves_now_but_not_durations()
    {
        var inner = new FakeTimeProvider(new DateTimeOffset(2031, 5, 4, 3, 2, 1, TimeSpan.Zero));
        var moved = new OffsetTimeProvider(inner, TimeSpan.FromDays(365));
        var timestamp = moved.GetTimestamp();

        inner.Advance(TimeSpan.FromSeconds(90));

        Assert.AreEqual(new DateTimeOffset(2032, 5, 3, 3, 3, 31, TimeSpan.Zero), moved.GetUtcNow());
        Assert.AreEqual(TimeSpan.FromSeconds(90), moved.GetElapsedTime(timestamp));
    }

    [TestMethod]
    public void The_offset_is_read_from_the_settings()
    {
        var settings = new ConfigurationBuilder().AddCommandLine(["--Hub:ClockOffset", "365.00:00:00"]).Build();

        var clock = HubClock.From(settings);

        Assert.AreEqual(TimeSpan.FromDays(365), ((OffsetTimeProvider)clock).Offset);
        Assert.IsLessThan(TimeSpan.FromMinutes(1), (clock.GetUtcNow() - DateTimeOffset.UtcNow - TimeSpan.FromDays(365)).Duration());
    }

    [TestMethod]
    public async Task A_hub_under_test_runs_on_the_clock_its_messages_are_dated_from()
    {
        await using var hub = await HubUnderTest.StartAsync();

        var hubNow = hub.App.Services.GetRequiredService<TimeProvider>().GetUtcNow();

        Assert.IsLessThan(TimeSpan.FromMinutes(1), (hubNow - TestClock.Now()).Duration(),
            $"the hub's now {hubNow:O} is not the tests' {TestClock.Now():O} ({TestClock.OffsetVariable}={TestClock.Offset})");
    }
}
