using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Payments;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// A client's payment QR (<c>pay_&lt;token&gt;</c>) scanned by the partner: the token is checked (genuine, not expired,
/// this partner's promotion), the partner confirms, and the ledger pays it once: its idempotency key comes from the
/// token, so a second scan or a second press replays the first payment.
/// </summary>
internal sealed class PaymentConfirmationHandler(PartnerSession session, LoyaltyDbContext db, LedgerService ledger, PaymentTokenCodec tokens) : IUpdateHandler
{
    public const string Kind = "pay";

    public async Task OfferAsync(BotUpdate update, Domain.Model.Partner partner, string token, CancellationToken cancellationToken)
    {
        var read = tokens.Read(token);
        if (read.Token is not { } payment)
        {
            await update.ReplyAsync(update.T("partner.pay.invalid", read.Error ?? ""), cancellationToken: cancellationToken);
            return;
        }
        var promotion = await db.Promotions.AsNoTracking().Where(p => p.Id == payment.PromotionId).Select(p => new { p.PartnerId, p.Title }).SingleOrDefaultAsync(cancellationToken);
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == payment.ClientId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        if (promotion is null || client is null)
        {
            await update.ReplyAsync(update.T("status.PromotionNotAvailable"), cancellationToken: cancellationToken);
            return;
        }
        if (promotion.PartnerId != partner.Id)
        {
            await update.ReplyAsync(update.T("partner.pay.foreign"), cancellationToken: cancellationToken);
            return;
        }
        var operation = new PendingOperation(PendingOperation.NewId(update), Kind, payment.ClientId, client, payment.Points, token);
        await update.SetDraftAsync(PendingOperation.DraftKey, operation);
        await update.ReplyAsync(update.T("partner.pay.confirm", promotion.Title, payment.Points, client),
            Keyboards.ConfirmOrCancel(update, $"payc:{operation.Id}", "opx"), cancellationToken);
    }

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (!CallbackData.TryParse(update.CallbackData, "payc", out var parts))
        {
            return false;
        }
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        var operation = await update.GetDraftAsync<PendingOperation>(PendingOperation.DraftKey);
        if (parts is not [var id] || operation is not { Kind: Kind, Token: { } token } || operation.Id != id || session.Partner is not { } partner)
        {
            await update.ReplyAsync(update.T("partner.expired"), cancellationToken: cancellationToken);
            return true;
        }
        // Checked again: the token may have expired while the partner looked at the confirmation.
        if (tokens.Read(token).Token is not { } payment)
        {
            await update.ReplyAsync(update.T("partner.pay.invalid", tokens.Read(token).Error ?? ""), cancellationToken: cancellationToken);
            return true;
        }
        var result = await ledger.PayPromotionAsync(
            new PromotionPaymentRequest(payment.ClientId, payment.PromotionId, payment.Points, PaymentTokenCodec.IdempotencyKey(token), update.IdempotencyKey),
            (context, ct) => PointsOperationHandler.Redeemed(context, payment.ClientId, partner.Id, ct), cancellationToken);
        await update.ClearDraftAsync(PendingOperation.DraftKey);
        await update.ReplyAsync(PointsOperationHandler.Outcome(update, result, "partner.pay.done"), PartnerBot.Menu(update), cancellationToken);
        return true;
    }
}
