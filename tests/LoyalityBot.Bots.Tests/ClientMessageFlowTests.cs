using System.Globalization;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Tests;

/// <summary>A client writes to a partner they visited (toggle, 3 an hour), the partner replies; services in the client's catalog.</summary>
public sealed class ClientMessageFlowTests(BotCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_writes_to_a_visited_partner_at_most_three_times_an_hour_and_the_partner_replies()
    {
        var partner = await cluster.NewPartnerAsync("Barber");
        var ann = await cluster.RegisterClientAsync("Ann");
        Assert.Contains("Пока таких нет", (await cluster.SayAsync("client", ann.Id, "✉️ Написать партнёру")).Text);
        await cluster.Ledger.AccrueAsync(new AccrualRequest(ann.Id, partner.Id, 30m, "USD", $"message-{ann.Id}"), cancellationToken: Ct);

        var choose = await cluster.SayAsync("client", ann.Id, "/message");
        Assert.Contains(choose.Keyboard!.Buttons, b => b.CallbackData == $"mp:{partner.Id}" && b.Text == "Barber");
        var ask = await cluster.PressAsync("client", ann.Id, $"mp:{partner.Id}");
        Assert.Contains("Barber", ask.Text);
        Assert.Contains("отправлено", (await cluster.PressAsync("client", ann.Id, $"mq:{partner.Id}:2")).Text);
        await cluster.PressAsync("client", ann.Id, $"mp:{partner.Id}");
        Assert.Contains("отправьте текст", (await cluster.ExpectReplyAsync("client", ann.Id, () => cluster.Sandbox.SendPhotoAsync("client", ann.Id, Domain.Cards.QrCodePng.Render("x"), cancellationToken: Ct))).Text);
        Assert.Contains("не больше 2000", (await cluster.SayAsync("client", ann.Id, new string('y', 2001))).Text);
        Assert.Contains("отправлено", (await cluster.SayAsync("client", ann.Id, "Can I come at 5 pm?")).Text);
        await cluster.PressAsync("client", ann.Id, $"mp:{partner.Id}");
        Assert.Contains("отправлено", (await cluster.SayAsync("client", ann.Id, "Or at 6?")).Text);
        await cluster.PressAsync("client", ann.Id, $"mp:{partner.Id}");
        Assert.Matches("не больше 3 сообщений в час. Следующее — через \\d+ мин", (await cluster.PressAsync("client", ann.Id, $"mq:{partner.Id}:0")).Text);

        var sent = await cluster.QueryAsync(db => db.ClientMessages.Where(m => m.ClientId == ann.Id).OrderBy(m => m.Id).ToListAsync(Ct));
        Assert.Equal(["Хочу записаться.", "Can I come at 5 pm?", "Or at 6?"], sent.Select(m => m.Text));
        Assert.All(sent, m => Assert.Equal((partner.Id, MessageSender.Client), (m.PartnerId, m.Sender)));
        Assert.Equal(1, await cluster.OutboxCountAsync("ClientMessageSentIntegrationEvent", "messageId", sent[0].Id.ToString(CultureInfo.InvariantCulture)));

        // The partner presses Reply under the message the workers delivered, and answers.
        await cluster.SayAsync("partner", partner.Id, "/start");
        Assert.Contains("Ann", (await cluster.PressAnyAsync("partner", partner.Id, $"reply:{ann.Id}")).Text);
        Assert.Contains("отправлен клиенту Ann", (await cluster.SayAsync("partner", partner.Id, "See you at 5")).Text);
        var reply = await cluster.QueryAsync(db => db.ClientMessages.SingleAsync(m => m.ClientId == ann.Id && m.Sender == MessageSender.Partner, Ct));
        Assert.Equal("See you at 5", reply.Text);
        Assert.Equal("false", await cluster.QueryAsync(db => db.Database.SqlQuery<string>(
            $"SELECT content->>'fromClient' AS \"Value\" FROM integration_event_outbox WHERE event_type_name = 'ClientMessageSentIntegrationEvent' AND (content->>'messageId')::bigint = {reply.Id}").SingleAsync(Ct)));

        // A forged Reply for a client who never wrote: refused.
        var bob = await cluster.RegisterClientAsync("Bob");
        Assert.Contains("не писал", (await cluster.PressAnyAsync("partner", partner.Id, $"reply:{bob.Id}")).Text);
    }

    [Fact]
    public async Task A_partner_with_messages_off_and_partners_never_visited_are_refused_clearly()
    {
        var closed = await cluster.NewPartnerAsync("Quiet");
        await cluster.QueryAsync(db => db.Partners.Where(p => p.Id == closed.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.AllowClientMessages, false), Ct));
        var stranger = await cluster.NewPartnerAsync("Stranger");
        var ann = await cluster.RegisterClientAsync("Ann");
        await cluster.Ledger.AccrueAsync(new AccrualRequest(ann.Id, closed.Id, 30m, "USD", $"closed-{ann.Id}"), cancellationToken: Ct);

        await cluster.SayAsync("client", ann.Id, "/message");
        Assert.Contains("не принимает сообщения", (await cluster.PressAsync("client", ann.Id, $"mp:{closed.Id}")).Text);
        Assert.Contains("не принимает сообщения", (await cluster.PressAnyAsync("client", ann.Id, $"mq:{closed.Id}:1")).Text);
        Assert.Contains("недоступен", (await cluster.PressAnyAsync("client", ann.Id, $"mp:{stranger.Id}")).Text);
        Assert.Contains("недоступен", (await cluster.PressAnyAsync("client", ann.Id, $"mq:{stranger.Id}:1")).Text);
        Assert.Contains("устарела", (await cluster.PressAnyAsync("client", ann.Id, $"mq:{closed.Id}:9")).Text);
        Assert.False(await cluster.QueryAsync(db => db.ClientMessages.AnyAsync(m => m.ClientId == ann.Id, Ct)));
    }

    [Fact]
    public async Task Services_of_the_clients_city_appear_in_the_catalog_paged_and_others_do_not()
    {
        var (cityId, otherCityId) = await cluster.QueryAsync(async db =>
        {
            var cities = new[] { "Kutaisi", "Poti" }.Select(name => new City { Name = $"{name} {Guid.NewGuid():N}", CountryCode = "GE", Currency = "GEL", CreatedAt = DateTime.UtcNow }).ToArray();
            db.Cities.AddRange(cities);
            await db.SaveChangesAsync(Ct);
            return (cities[0].Id, cities[1].Id);
        });
        var here = await cluster.NewPartnerAsync("Local spa");
        var there = await cluster.NewPartnerAsync("Far spa");
        var ann = await cluster.RegisterClientAsync("Ann");
        var ids = await cluster.QueryAsync(async db =>
        {
            await db.Partners.Where(p => p.Id == here.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.CityId, cityId), Ct);
            await db.Partners.Where(p => p.Id == there.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.CityId, otherCityId), Ct);
            await db.Clients.Where(c => c.Id == ann.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.CityId, cityId), Ct);
            var services = Enumerable.Range(1, 6).Select(i => new Service { PartnerId = here.Id, Title = $"Massage {i}", Category = "massage", PricePoints = 100 * i, ApprovalStatus = ModerationStatus.Approved, CreatedAt = DateTime.UtcNow })
                .Append(new Service { PartnerId = here.Id, Title = "Pending sauna", Category = "sauna", PricePoints = 10, CreatedAt = DateTime.UtcNow })
                .Append(new Service { PartnerId = there.Id, Title = "Far massage", Category = "massage", PricePoints = 10, ApprovalStatus = ModerationStatus.Approved, CreatedAt = DateTime.UtcNow })
                .ToList();
            db.Services.AddRange(services);
            await db.SaveChangesAsync(Ct);
            return services.Select(s => s.Id).ToList();
        });

        var first = await cluster.SayAsync("client", ann.Id, "🛍 Услуги");
        Assert.Equal(["Massage 6 · 600", "Massage 5 · 500", "Massage 4 · 400", "Massage 3 · 300", "Massage 2 · 200"],
            first.Keyboard!.Buttons.Where(b => b.CallbackData!.StartsWith("sv:", StringComparison.Ordinal)).Select(b => b.Text));
        var next = first.Keyboard.Buttons.Single(b => b.CallbackData!.StartsWith("sr:", StringComparison.Ordinal)).CallbackData!;
        var second = await cluster.PressUntilAsync("client", ann.Id, next, m => m.Keyboard?.Buttons.Any(b => b.CallbackData == $"sv:{ids[0]}") == true);
        Assert.Equal(["Massage 1 · 100"], second.Keyboard!.Buttons.Select(b => b.Text));
        var details = await cluster.PressAsync("client", ann.Id, $"sv:{ids[0]}");
        Assert.Contains("Партнёр: Local spa", details.Text);
        Assert.Contains("Услуга больше недоступна", (await cluster.PressAnyAsync("client", ann.Id, $"sv:{ids[6]}")).Text);
        Assert.Contains("Услуга больше недоступна", (await cluster.PressAnyAsync("client", ann.Id, $"sv:{ids[7]}")).Text);
        Assert.Contains("устарела", (await cluster.PressAnyAsync("client", ann.Id, "sr:forged")).Text);
    }
}
