using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Client;

/// <summary>
/// Registration by shared contact: the client, their account, the welcome bonus and the referral tree in one ledger
/// transaction (idempotent per client, so a redelivered contact registers once). Until then, every other request is
/// answered with the contact button.
/// </summary>
internal sealed class RegistrationHandler(ClientSession session, LedgerService ledger, LoyaltyDbContext db) : IUpdateHandler
{
    public const string Step = "register";

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Client is not null)
        {
            return false;
        }
        if (update.Message?.Contact is not { } contact)
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            await AskContactAsync(update, "client.register.first", cancellationToken);
            return true;
        }
        if (contact.UserId != update.UserId || Phone(contact.PhoneNumber) is not { } phone)
        {
            await AskContactAsync(update, "client.register.own", cancellationToken);
            return true;
        }
        var state = await update.GetStateAsync();
        long? referrer = state?["ref"] is { } code
            ? await db.Clients.Where(c => c.ReferralCode == code).Select(c => (long?)c.Id).SingleOrDefaultAsync(cancellationToken)
            : null;
        long? partner = state?["partner"] is { } partnerText && CallbackData.TryId(partnerText, out var partnerId)
                        && await db.Partners.AnyAsync(p => p.Id == partnerId, cancellationToken) ? partnerId : null;
        if (await db.Clients.AnyAsync(c => c.Phone == phone && c.Id != update.UserId, cancellationToken))
        {
            await update.ReplyAsync(update.T("client.registered.phone"), cancellationToken: cancellationToken);
            return true;
        }
        var name = Truncate(string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))), 100);
        var result = await ledger.RegisterClientAsync(new ClientRegistration(
            update.UserId, name.Length > 0 ? name : "—", phone, Language: update.Language,
            ReferrerClientId: referrer == update.UserId ? null : referrer, ViaPartnerId: partner, Source: update.IdempotencyKey), cancellationToken: cancellationToken);
        await update.ClearStateAsync();
        if (!result.Succeeded && result.Status != LedgerStatus.AlreadyRegistered)
        {
            await update.ReplyAsync(update.T("status.Other", result.Status), cancellationToken: cancellationToken);
            return true;
        }
        await update.ReplyAsync(update.T("client.registered", name, result.Points, result.BalanceAfter ?? 0), ClientBot.Menu(update), cancellationToken);
        return true;
    }

    public static Task AskContactAsync(BotUpdate update, string textKey, CancellationToken cancellationToken) =>
        update.ReplyAsync(update.T(textKey),
            new ReplyKeyboardMarkup(KeyboardButton.WithRequestContact(update.T("client.share.contact"))) { ResizeKeyboard = true, OneTimeKeyboard = true },
            cancellationToken);

    /// <summary>E.164 digits without '+' (7–15 digits), or null.</summary>
    internal static string? Phone(string? text)
    {
        var digits = new string((text ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length is >= 7 and <= 15 ? digits : null;
    }

    internal static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
