using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Partners;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// <c>/settings</c> or the Settings button: the partner's switches with a button to flip each, <c>set:msg:on|off</c>
/// (clients may message the partner) and <c>set:react:on|off</c> (the daily churn job's offers to lapsed clients; off
/// is <c>partners.reactivation_opt_out</c>). A press saves the change through <see cref="PartnerSettings"/> and the
/// screen is shown again in place; anything else after <c>set:</c> is a stale or forged button.
/// </summary>
internal sealed class SettingsHandler(PartnerSession session, LoyaltyDbContext db) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Partner is not { } partner)
        {
            return false;
        }
        if (PartnerBot.Asks(update, "settings", "partner.menu.settings"))
        {
            var current = new PartnerSettings(partner.AllowClientMessages, partner.ReactivationOptOut);
            await update.ReplyAsync(Text(update, current), Buttons(update, current), cancellationToken);
            return true;
        }
        if (!CallbackData.TryParse(update.CallbackData, "set", out var parts))
        {
            return false;
        }
        if (parts is not [var which and ("msg" or "react"), var state and ("on" or "off")])
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            await update.ReplyAsync(update.T("stale"), cancellationToken: cancellationToken);
            return true;
        }
        var on = state == "on";
        var settings = which == "msg"
            ? await PartnerSettings.UpdateAsync(db, partner.Id, allowClientMessages: on, reactivationOptOut: null, cancellationToken)
            : await PartnerSettings.UpdateAsync(db, partner.Id, allowClientMessages: null, reactivationOptOut: !on, cancellationToken);
        if (settings is null)
        {
            // Loaded at the start of this update and gone since (an admin removed it): nothing left to set.
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            await update.ReplyAsync(update.T("partner.not.partner"), cancellationToken: cancellationToken);
            return true;
        }
        await update.ShowAsync(Text(update, settings), Buttons(update, settings), cancellationToken);
        return true;
    }

    private static string Text(BotUpdate update, PartnerSettings settings) =>
        update.T("partner.settings", update.T(OnOff(settings.AllowClientMessages)), update.T(OnOff(!settings.ReactivationOptOut)));

    private static InlineKeyboardMarkup Buttons(BotUpdate update, PartnerSettings settings) => Keyboards.Inline(
        [Toggle(update, "msg", settings.AllowClientMessages)],
        [Toggle(update, "react", !settings.ReactivationOptOut)]);

    // The button turns the switch to the other state.
    private static (string Text, string Data) Toggle(BotUpdate update, string which, bool isOn) =>
        (update.T($"partner.settings.{which}.{(isOn ? "off" : "on")}"), $"set:{which}:{(isOn ? "off" : "on")}");

    private static string OnOff(bool isOn) => isOn ? "partner.settings.on" : "partner.settings.off";
}
