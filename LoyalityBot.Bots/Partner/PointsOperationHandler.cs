using System.Globalization;
using LoyalityBot.Bots.Client;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Rules;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// Accrual and redemption at the counter: find the client (card deep link, code or phone), choose Accrue or Redeem,
/// pick a quick amount or type one, confirm. The confirmed operation goes to the ledger with the pending operation's
/// idempotency key, and its event (the client's receipt and NPS request, sent by the workers) in the same transaction.
/// </summary>
internal sealed class PointsOperationHandler(
    PartnerSession session, LoyaltyDbContext db, LedgerService ledger, IOptions<LedgerOptions> ledgerOptions) : IUpdateHandler
{
    public const string FindStep = "find-client";
    public const string AmountStep = "amount";
    public const string Accrue = "a";
    public const string Redeem = "r";

    private static readonly int[] QuickPurchases = [100, 500, 1000];
    private static readonly int[] QuickPoints = [50, 100, 200];

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (PartnerBot.Asks(update, "find", "partner.menu.find"))
        {
            await update.SetStateAsync(ConversationState.Of(FindStep));
            await update.ReplyAsync(update.T("partner.find"), cancellationToken: cancellationToken);
            return true;
        }
        if (CallbackData.TryParse(update.CallbackData, "op", out var chosen))
        {
            await ChooseAsync(update, chosen, cancellationToken);
            return true;
        }
        if (CallbackData.TryParse(update.CallbackData, "amt", out var quick))
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            await AmountAsync(update, quick is [var amount] ? amount : "", cancellationToken);
            return true;
        }
        if (update.CallbackData == "opx")
        {
            await update.ClearDraftAsync(PendingOperation.DraftKey);
            await update.AnswerCallbackAsync(update.T("cancelled"), cancellationToken);
            return true;
        }
        if (CallbackData.TryParse(update.CallbackData, "opc", out var confirmed))
        {
            await ConfirmAsync(update, confirmed is [var id] ? id : "", cancellationToken);
            return true;
        }
        if (update.Message is null || update.Command is not null || await update.GetStateAsync() is not { } state)
        {
            return false;
        }
        switch (state.Step)
        {
            case FindStep when update.Text is { Length: > 0 and <= 64 } text:
                await ShowClientAsync(update, text, cancellationToken);
                return true;
            case FindStep:
                await update.ReplyAsync(update.T("partner.find"), cancellationToken: cancellationToken);
                return true;
            case AmountStep:
                await AmountAsync(update, update.Text ?? "", cancellationToken);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Shows the client found by code or phone, with Accrue and Redeem.</summary>
    public async Task ShowClientAsync(BotUpdate update, string codeOrPhone, CancellationToken cancellationToken)
    {
        var code = codeOrPhone.Trim().ToUpperInvariant();
        var phone = RegistrationHandler.Phone(codeOrPhone);
        var client = await db.Clients.AsNoTracking()
            .Where(c => c.ReferralCode == code || (phone != null && c.Phone == phone))
            .Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(cancellationToken);
        if (client is null)
        {
            await update.ReplyAsync(update.T("partner.client.notfound"), cancellationToken: cancellationToken);
            return;
        }
        var balance = await ClientBalance.ReadAsync(db, client.Id, cancellationToken);
        await update.SetStateAsync(ConversationState.Of("client").With("client", client.Id.ToString(CultureInfo.InvariantCulture)).With("name", client.Name));
        await update.ReplyAsync(update.T("partner.client", client.Name, balance?.Balance ?? 0), Keyboards.Inline(
            [(update.T("partner.btn.accrue"), $"op:{Accrue}"), (update.T("partner.btn.redeem"), $"op:{Redeem}")]), cancellationToken);
    }

    private async Task ChooseAsync(BotUpdate update, string[] parts, CancellationToken cancellationToken)
    {
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        var state = await update.GetStateAsync();
        if (parts is not [Accrue or Redeem] || state?["client"] is null)
        {
            await update.ReplyAsync(update.T("partner.expired"), cancellationToken: cancellationToken);
            return;
        }
        var kind = parts[0];
        await update.SetStateAsync(state.Next(AmountStep).With("kind", kind));
        var quick = kind == Accrue ? QuickPurchases : QuickPoints;
        await update.ReplyAsync(update.T(kind == Accrue ? "partner.amount.accrue" : "partner.amount.redeem"),
            Keyboards.Inline(quick.Select(v => (v.ToString(CultureInfo.InvariantCulture), $"amt:{v}")).ToArray()), cancellationToken);
    }

    private async Task AmountAsync(BotUpdate update, string text, CancellationToken cancellationToken)
    {
        var state = await update.GetStateAsync();
        if (state is not { Step: AmountStep } || state["kind"] is not { } kind || !long.TryParse(state["client"], CultureInfo.InvariantCulture, out var clientId))
        {
            await update.ReplyAsync(update.T("partner.expired"), cancellationToken: cancellationToken);
            return;
        }
        var max = ledgerOptions.Value.MaxOperationAmount;
        if (ParseAmount(text, kind, max) is not { } amount)
        {
            await update.ReplyAsync(update.T("amount.invalid", max.ToString("0", CultureInfo.InvariantCulture)), cancellationToken: cancellationToken);
            return;
        }
        var operation = new PendingOperation(PendingOperation.NewId(update), kind, clientId, state["name"] ?? "", amount);
        await update.SetDraftAsync(PendingOperation.DraftKey, operation);
        await update.ClearStateAsync();
        var question = kind == Accrue
            ? update.T("partner.confirm.accrue", operation.ClientName, amount.ToString("0.##", CultureInfo.InvariantCulture), ledgerOptions.Value.BaseCurrency)
            : update.T("partner.confirm.redeem", operation.ClientName, amount.ToString("0", CultureInfo.InvariantCulture));
        await update.ReplyAsync(question, Keyboards.ConfirmOrCancel(update, $"opc:{operation.Id}", "opx"), cancellationToken);
    }

    /// <summary>A positive amount within the limit: a purchase with at most 2 decimals, or whole points.</summary>
    internal static decimal? ParseAmount(string text, string kind, decimal max)
    {
        text = text.Trim().Replace(',', '.');
        var styles = kind == Accrue ? NumberStyles.AllowDecimalPoint : NumberStyles.None;
        return text.Length is > 0 and <= 20 && decimal.TryParse(text, styles, CultureInfo.InvariantCulture, out var value)
               && value > 0 && value <= max && decimal.Round(value, 2) == value && (kind == Accrue || decimal.Truncate(value) == value)
            ? value
            : null;
    }

    private async Task ConfirmAsync(BotUpdate update, string id, CancellationToken cancellationToken)
    {
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        var operation = await update.GetDraftAsync<PendingOperation>(PendingOperation.DraftKey);
        if (operation is null || operation.Id != id || operation.Token is not null || session.Partner is not { } partner)
        {
            await update.ReplyAsync(update.T("partner.expired"), cancellationToken: cancellationToken);
            return;
        }
        if (!await update.TryTransactionAsync($"{partner.Id}:{operation.ClientId}", cancellationToken))
        {
            return;
        }
        var key = operation.IdempotencyKey(update.Bot);
        var result = operation.Kind == Accrue
            ? await ledger.AccrueAsync(new AccrualRequest(operation.ClientId, partner.Id, operation.Amount, ledgerOptions.Value.BaseCurrency, key, update.IdempotencyKey),
                (context, ct) => context.Result.EntryId is { } entry
                    ? OutboxWriter.WriteAsync(context.Connection, context.Transaction,
                        [new PointsAccruedIntegrationEvent(entry, operation.ClientId, partner.Id, context.Result.Points, context.Result.BalanceAfter)], ct)
                    : ValueTask.CompletedTask,
                cancellationToken)
            : await ledger.RedeemAsync(new RedemptionRequest(operation.ClientId, partner.Id, (long)operation.Amount, key, update.IdempotencyKey),
                (context, ct) => Redeemed(context, operation.ClientId, partner.Id, ct),
                cancellationToken);
        await update.ClearDraftAsync(PendingOperation.DraftKey);
        await update.ReplyAsync(Outcome(update, result, operation.Kind == Accrue ? "partner.done.accrue" : "partner.done.redeem"), PartnerBot.Menu(update), cancellationToken);
    }

    /// <summary>The redemption's event (the client's receipt), in the ledger's transaction.</summary>
    internal static ValueTask Redeemed(LedgerCommitContext context, long clientId, long partnerId, CancellationToken ct) =>
        OutboxWriter.WriteAsync(context.Connection, context.Transaction,
            [new PointsRedeemedIntegrationEvent(context.Result.EntryId ?? 0, clientId, partnerId, Math.Abs(context.Result.Points), context.Result.BalanceAfter)], ct);

    internal static string Outcome(BotUpdate update, LedgerResult result, string doneKey) => result.Succeeded
        ? update.T(doneKey, Math.Abs(result.Points), result.BalanceAfter ?? 0)
        : result.Status switch
        {
            LedgerStatus.AmountRejected or LedgerStatus.InsufficientBalance or LedgerStatus.DailyLimitExceeded or LedgerStatus.PointsCapExceeded
                or LedgerStatus.ClientNotFound or LedgerStatus.PartnerNotFound or LedgerStatus.PromotionNotAvailable or LedgerStatus.Conflict
                => update.T($"status.{result.Status}"),
            _ => update.T("status.Other", result.Status),
        };
}
