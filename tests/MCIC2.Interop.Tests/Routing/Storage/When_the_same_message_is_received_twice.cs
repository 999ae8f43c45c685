using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.Tests.Routing.Storage;

/// <summary>A partner resending a message (it did not see our answer) must not have it applied twice.</summary>
[TestClass]
public sealed class When_the_same_message_is_received_twice
{
    private static ReceivedMessage Message(string distributionId) =>
        new(distributionId, "fr.fire.sdis35", "RC-EDA", "fr.fire.sdis35.case-7", TestDeliveries.Start, "cisu-json", "application/json", System.Text.Encoding.UTF8.GetBytes("{}"));

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task The_second_receipt_is_reported_as_a_duplicate(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);

        var first = await test.Store.InTransactionAsync(transaction => transaction.RecordReceivedAsync(Message("sdis35-msg-1")));
        var second = await test.Store.InTransactionAsync(transaction => transaction.RecordReceivedAsync(Message("sdis35-msg-1")));

        Assert.IsTrue(first);
        Assert.IsFalse(second);
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task The_transaction_that_met_the_duplicate_can_still_write_and_commit(Database database)
    {
        // On PostgreSQL a caught key violation would have aborted the transaction: the duplicate must not be one.
        await using var test = await TestDatabase.CreateAsync(database);
        await test.Store.InTransactionAsync(transaction => transaction.RecordReceivedAsync(Message("sdis35-msg-1")));

        await test.Store.InTransactionAsync(async transaction =>
        {
            Assert.IsFalse(await transaction.RecordReceivedAsync(Message("sdis35-msg-1")));
            return await transaction.RecordReceivedAsync(Message("sdis35-msg-2"));
        });

        var third = await test.Store.InTransactionAsync(transaction => transaction.RecordReceivedAsync(Message("sdis35-msg-2")));
        Assert.IsFalse(third, "the message recorded after the duplicate was committed");
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_receipt_rolled_back_is_not_a_duplicate(Database database)
    {
        // Processing failed after the receipt was written: the partner's resend must be processed, not dropped.
        await using var test = await TestDatabase.CreateAsync(database);

        await test.FailInTransactionAsync(transaction => transaction.RecordReceivedAsync(Message("sdis35-msg-1")));

        Assert.IsTrue(await test.Store.InTransactionAsync(transaction => transaction.RecordReceivedAsync(Message("sdis35-msg-1"))));
    }
}
