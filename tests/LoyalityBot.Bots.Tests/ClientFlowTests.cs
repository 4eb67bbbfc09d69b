using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Payments;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Tests;

/// <summary>The client bot's flows, as conversations through the sandbox, the load balancer and three replicas.</summary>
public sealed class ClientFlowTests(BotCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_registers_by_contact_with_the_welcome_bonus_and_sees_balance_tier_and_card()
    {
        var ann = await cluster.RegisterClientAsync("Ann");

        var balance = await cluster.SayAsync("client", ann.Id, "💰 Баланс");
        var card = await cluster.SayAsync("client", ann.Id, "/card");

        Assert.Contains("Баланс: 100 баллов", balance.Text);
        Assert.Contains("Бронза", balance.Text);
        Assert.Contains("До уровня Серебро: 400", balance.Text);
        Assert.NotNull(card.Photo);
        var client = await cluster.QueryAsync(db => db.Clients.SingleAsync(c => c.Id == ann.Id, Ct));
        Assert.Contains(client.ReferralCode, card.Text);
        Assert.Equal(RegistrationSource.Direct, client.RegistrationSource);
    }

    [Fact]
    public async Task Before_registering_every_request_is_answered_with_the_contact_button_and_a_foreign_contact_is_refused()
    {
        var bob = await cluster.NewUserAsync("Bob");
        var asked = await cluster.SayAsync("client", bob.Id, "/balance");
        Assert.Contains(asked.Keyboard!.Buttons, b => b.RequestContact);

        Assert.Equal(0, await cluster.QueryAsync(db => db.Clients.CountAsync(c => c.Id == bob.Id, Ct)));
    }

    [Fact]
    public async Task A_referral_link_registers_the_referee_under_the_referrer_who_earns_the_reward_and_sees_it_in_stats()
    {
        var ann = await cluster.RegisterClientAsync("Ann");
        var code = await cluster.QueryAsync(db => db.Clients.Where(c => c.Id == ann.Id).Select(c => c.ReferralCode).SingleAsync(Ct));

        var bob = await cluster.RegisterClientAsync("Bob", payload: $"ref_{code}");
        var stats = await cluster.SayAsync("client", ann.Id, "/referral");

        Assert.Equal(ann.Id, await cluster.QueryAsync(db => db.Clients.Where(c => c.Id == bob.Id).Select(c => c.ReferredByClientId).SingleAsync(Ct)));
        Assert.Contains($"start=ref_{code}", stats.Text);
        Assert.Contains("1-й уровень 1", stats.Text);
        Assert.Contains("Заработано на рефералах: 100", stats.Text);
    }

    [Fact]
    public async Task A_partner_link_registers_the_client_through_that_partner()
    {
        var partner = await cluster.NewPartnerAsync();
        var ann = await cluster.RegisterClientAsync("Ann", payload: $"partner_{partner.Id}");

        var client = await cluster.QueryAsync(db => db.Clients.SingleAsync(c => c.Id == ann.Id, Ct));
        Assert.Equal(partner.Id, client.RegisteredViaPartnerId);
        Assert.Equal(RegistrationSource.Partner, client.RegistrationSource);
    }

    [Fact]
    public async Task History_pages_with_next_and_prev_in_place_and_a_forged_cursor_is_refused()
    {
        var ann = await cluster.RegisterClientAsync("Ann");
        await cluster.QueryAsync(async db =>
        {
            var ledger = cluster.Ledger;
            for (var i = 1; i <= 6; i++)
            {
                await ledger.AdjustAsync(new Domain.Ledger.AdjustmentRequest(ann.Id, i, $"history-{ann.Id}-{i}"), cancellationToken: Ct);
            }
            return 0;
        });

        var first = await cluster.SayAsync("client", ann.Id, "/history");
        Assert.Contains("+6", first.Text);
        Assert.DoesNotContain("Приветственный", first.Text);
        Assert.Equal(["Далее ▶"], first.Keyboard!.Buttons.Select(b => b.Text));

        await cluster.Sandbox.PressInlineButtonAsync("client", ann.Id, new PressInlineButtonRequest(Text: "Далее ▶", MessageId: first.MessageId), Ct);
        var older = await WaitEditedAsync(ann.Id, first.MessageId, m => m.Text!.Contains("Приветственный", StringComparison.Ordinal));
        Assert.DoesNotContain("+6", older.Text);
        Assert.Equal(["◀ Назад"], older.Keyboard!.Buttons.Select(b => b.Text));

        await cluster.Sandbox.PressInlineButtonAsync("client", ann.Id, new PressInlineButtonRequest(Text: "◀ Назад", MessageId: first.MessageId), Ct);
        var back = await WaitEditedAsync(ann.Id, first.MessageId, m => m.Text!.Contains("+6", StringComparison.Ordinal));
        Assert.Equal(first.Text, back.Text);

        // Forged data in a button the bot never sent: the callback is answered "out of date", nothing else happens.
        var forged = await PostCallbackAsync(ann.Id, "h:o:not-a-cursor");
        Assert.Equal(200, forged);
    }

    [Fact]
    public async Task The_language_switches_to_english_and_stays_on_every_replica()
    {
        var ann = await cluster.RegisterClientAsync("Ann");
        await cluster.SayAsync("client", ann.Id, "🌐 Язык");
        var set = await cluster.PressAsync("client", ann.Id, "lang:en");
        Assert.Equal("Language: English.", set.Text);

        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("Balance: 100 points", (await cluster.SayAsync("client", ann.Id, "💰 Balance")).Text);
        }
        Assert.Contains("/history", (await cluster.SayAsync("client", ann.Id, "/help")).Text);
    }

    [Fact]
    public async Task A_client_pays_a_promotion_with_points_by_qr_and_the_partner_confirms_it_once()
    {
        // The partner and the client in a city of their own: other tests' newer promotions (the catalog lists newest
        // first) would push this one off the first page.
        var city = await cluster.NewCityAsync("Spa town");
        var partner = await cluster.NewPartnerAsync("Spa", city.Id);
        var promotionId = await cluster.QueryAsync(async db =>
        {
            var promotion = new Promotion
            {
                PartnerId = partner.Id, Title = $"Massage {partner.Id}", Price = 200m, MaxPointsPayment = 80, ApprovalStatus = ModerationStatus.Approved,
                StartsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), EndsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10), CreatedAt = DateTime.UtcNow,
            };
            db.Promotions.Add(promotion);
            await db.SaveChangesAsync(Ct);
            return promotion.Id;
        });
        var ann = await cluster.RegisterClientAsync("Ann");
        await cluster.QueryAsync(db => db.Clients.Where(c => c.Id == ann.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.CityId, city.Id), Ct));

        var list = await cluster.SayAsync("client", ann.Id, "🎁 Акции");
        Assert.Contains(list.Keyboard!.Buttons, b => b.CallbackData == $"pv:{promotionId}");
        await cluster.Sandbox.PressInlineButtonAsync("client", ann.Id, new PressInlineButtonRequest(CallbackData: $"pv:{promotionId}"), Ct);
        var details = await WaitEditedAsync(ann.Id, list.MessageId, m => m.Text!.Contains("Massage", StringComparison.Ordinal));
        Assert.Contains("до 80", details.Text);
        var qr = await cluster.PressAsync("client", ann.Id, $"pp:{promotionId}", m => m.Photo is not null);
        Assert.Contains("80", qr.Text);

        // The partner scans it: the QR holds t.me/<partner bot>?start=pay_<token>; the token is re-issued here the same way.
        var token = cluster.PaymentTokens.Issue(ann.Id, promotionId, 80);
        var confirm = await cluster.ExpectReplyAsync("partner", partner.Id, () => cluster.Sandbox.StartAsync("partner", partner.Id, $"pay_{token}", Ct));
        Assert.Contains("80", confirm.Text);
        var confirmData = confirm.Keyboard!.Buttons.First().CallbackData!;
        var done = await cluster.PressAsync("partner", partner.Id, confirmData);
        Assert.Contains("Оплата проведена: 80", done.Text);
        var pressedTwice = await cluster.ExpectReplyAsync("partner", partner.Id,
            () => cluster.Sandbox.PressInlineButtonAsync("partner", partner.Id, new PressInlineButtonRequest(CallbackData: confirmData, MessageId: confirm.MessageId), Ct));
        Assert.Contains("устарела", pressedTwice.Text);

        // A second scan of the same code replays the payment: the balance moved once.
        var again = await cluster.ExpectReplyAsync("partner", partner.Id, () => cluster.Sandbox.StartAsync("partner", partner.Id, $"pay_{token}", Ct));
        var replayed = await cluster.PressAsync("partner", partner.Id, again.Keyboard!.Buttons.First().CallbackData!);
        Assert.Contains("Оплата проведена: 80", replayed.Text);
        Assert.Equal(1, await cluster.QueryAsync(db => db.LedgerEntries.CountAsync(e => e.ClientId == ann.Id && e.Kind == LedgerEntryKind.PromotionPayment, Ct)));
        Assert.Equal(20, await cluster.QueryAsync(db => db.PointAccounts.Where(a => a.ClientId == ann.Id).Select(a => a.Balance).SingleAsync(Ct)) - await CashbackAsync(ann.Id));

        var forged = await cluster.ExpectReplyAsync("partner", partner.Id, () => cluster.Sandbox.StartAsync("partner", partner.Id, $"pay_{token[..^2]}AA", Ct));
        Assert.Contains("не принят", forged.Text);
    }

    [Fact]
    public async Task An_nps_request_is_rated_once_with_optional_feedback_and_forged_scores_are_refused()
    {
        var partner = await cluster.NewPartnerAsync();
        var ann = await cluster.RegisterClientAsync("Ann");
        var accrual = await cluster.Ledger.AccrueAsync(new Domain.Ledger.AccrualRequest(ann.Id, partner.Id, 100m, "USD", $"nps-{ann.Id}"), cancellationToken: Ct);
        // The NPS request as the workers send it through the client bot.
        var bot = new TelegramBotClient(new TelegramBotClientOptions(cluster.Bots["client"].Token, cluster.SandboxAddress.ToString()));
        await bot.SendMessage(ann.Id, "Rate your visit", replyMarkup: new InlineKeyboardMarkup(
            Enumerable.Range(0, 11).Select(score => InlineKeyboardButton.WithCallbackData($"{score}", $"nps:{accrual.EntryId}:{score}"))), cancellationToken: Ct);

        Assert.Equal(200, await PostCallbackAsync(ann.Id, $"nps:{accrual.EntryId}:11"));
        Assert.Equal(200, await PostCallbackAsync(ann.Id, $"nps:{accrual.EntryId + 1000}:5"));
        var thanks = await cluster.PressAsync("client", ann.Id, $"nps:{accrual.EntryId}:9");
        Assert.Contains("9", thanks.Text);
        var feedback = await cluster.SayAsync("client", ann.Id, "Great coffee");
        Assert.Equal("Спасибо за отзыв!", feedback.Text);
        await cluster.Sandbox.PressInlineButtonAsync("client", ann.Id, new PressInlineButtonRequest(CallbackData: $"nps:{accrual.EntryId}:3"), Ct);

        await BotCluster.WaitUntilAsync(async () => (await cluster.Sandbox.GetTranscriptAsync("client", ann.Id, Ct)).Messages.Count(m => m.CallbackAnswer is not null) >= 1);
        var ratings = await cluster.QueryAsync(db => db.NpsRatings.Where(r => r.ClientId == ann.Id).ToListAsync(Ct));
        var rating = Assert.Single(ratings);
        Assert.Equal(9, rating.Rating);
        Assert.Equal("Great coffee", rating.Feedback);
        Assert.Equal(partner.Id, rating.PartnerId);
    }

    private async Task<long> CashbackAsync(long clientId) =>
        await cluster.QueryAsync(db => db.LedgerEntries.Where(e => e.ClientId == clientId && e.Kind == LedgerEntryKind.Accrual).SumAsync(e => e.Amount, Ct));

    private async Task<TranscriptEntry> WaitEditedAsync(long userId, int messageId, Func<TranscriptEntry, bool> match)
    {
        TranscriptEntry? found = null;
        await BotCluster.WaitUntilAsync(async () =>
        {
            found = (await cluster.Sandbox.GetTranscriptAsync("client", userId, Ct)).Messages.FirstOrDefault(m => m.MessageId == messageId && m.Kind == TranscriptEntry.MessageKind && m.From == TranscriptEntry.FromBot);
            return found is not null && match(found);
        });
        return found!;
    }

    /// <summary>A callback query with any data, as a forged client could send it, straight to the webhook.</summary>
    private Task<int> PostCallbackAsync(long userId, string data) =>
        cluster.PostUpdateAsync("client", Updates.Callback(Random.Shared.Next(1_000_000, int.MaxValue), userId, data));
}
