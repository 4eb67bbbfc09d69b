using LoyalityBot.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Tests;

/// <summary>The partner's settings screen: the client-message switch (honoured by the client bot) and the reactivation switch.</summary>
public sealed class PartnerSettingsFlowTests(BotCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Turning_client_messages_off_refuses_a_clients_message_and_the_reactivation_switch_persists()
    {
        var partner = await cluster.NewPartnerAsync("Tailor");
        var ann = await cluster.RegisterClientAsync("Ann");
        await cluster.Ledger.AccrueAsync(new AccrualRequest(ann.Id, partner.Id, 30m, "USD", $"settings-{ann.Id}"), cancellationToken: Ct);

        var screen = await cluster.SayAsync("partner", partner.Id, "⚙️ Настройки");
        Assert.Contains("Сообщения от клиентов: включены", screen.Text);
        Assert.Contains("давно не приходившим клиентам: включены", screen.Text);
        Assert.Equal(["set:msg:off", "set:react:off"], screen.Keyboard!.Buttons.Select(b => b.CallbackData));

        var messagesOff = await cluster.PressUntilAsync("partner", partner.Id, "set:msg:off", m => m.Says("Сообщения от клиентов: выключены"));
        Assert.Equal(["set:msg:on", "set:react:off"], messagesOff.Keyboard!.Buttons.Select(b => b.CallbackData));
        Assert.False(await cluster.QueryAsync(db => db.Partners.Where(p => p.Id == partner.Id).Select(p => p.AllowClientMessages).SingleAsync(Ct)));
        await cluster.SayAsync("client", ann.Id, "/message");
        Assert.Contains("не принимает сообщения", (await cluster.PressAsync("client", ann.Id, $"mp:{partner.Id}")).Text);
        Assert.Contains("не принимает сообщения", (await cluster.PressAnyAsync("client", ann.Id, $"mq:{partner.Id}:1")).Text);
        Assert.False(await cluster.QueryAsync(db => db.ClientMessages.AnyAsync(m => m.ClientId == ann.Id, Ct)));

        await cluster.PressUntilAsync("partner", partner.Id, "set:react:off", m => m.Says("давно не приходившим клиентам: выключены"));
        Assert.True(await cluster.QueryAsync(db => db.Partners.Where(p => p.Id == partner.Id).Select(p => p.ReactivationOptOut).SingleAsync(Ct)));

        // Opened again later: both switches as saved; turning messages back on leaves the reactivation opt-out alone.
        var again = await cluster.SayAsync("partner", partner.Id, "/settings");
        Assert.Contains("Сообщения от клиентов: выключены", again.Text);
        Assert.Equal(["set:msg:on", "set:react:on"], again.Keyboard!.Buttons.Select(b => b.CallbackData));
        await cluster.PressUntilAsync("partner", partner.Id, "set:msg:on", m => m.Says("Сообщения от клиентов: включены"));
        Assert.True(await cluster.QueryAsync(db => db.Partners.Where(p => p.Id == partner.Id).Select(p => p.ReactivationOptOut).SingleAsync(Ct)));
        Assert.Contains("отправлено", (await cluster.PressAnyAsync("client", ann.Id, $"mq:{partner.Id}:1")).Text);

        Assert.Contains("устарела", (await cluster.PressAnyAsync("partner", partner.Id, "set:react:maybe")).Text);
        Assert.Contains("устарела", (await cluster.PressAnyAsync("partner", partner.Id, "set:wallet:on")).Text);
        Assert.True(await cluster.QueryAsync(db => db.Partners.Where(p => p.Id == partner.Id).Select(p => p.AllowClientMessages && p.ReactivationOptOut).SingleAsync(Ct)));
    }
}
