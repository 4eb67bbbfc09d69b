using System.Globalization;
using System.Text;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Broadcasts;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Admin;

/// <summary>
/// An admin's broadcast, step by step: audience (clients or partners, <c>bc:t:&lt;target&gt;</c>) → city (a button
/// <c>bc:c:&lt;id&gt;</c>, "all" <c>bc:c:0</c>, or its name typed) → category (a button <c>bc:g:&lt;name&gt;</c>, "all"
/// <c>bc:g:</c>, or typed) → the text → a confirmation with the recipient count (<c>bc:send</c> / <c>bc:cancel</c>).
/// <see cref="BroadcastService"/> checks and writes the broadcast and its event in one transaction; the workers send it.
/// </summary>
internal sealed class BroadcastHandler(LoyaltyDbContext db, BroadcastService broadcasts) : IUpdateHandler
{
    public const string TargetStep = "bc-target";
    public const string CityStep = "bc-city";
    public const string CategoryStep = "bc-category";
    public const string TextStep = "bc-text";
    public const string ConfirmStep = "bc-confirm";

    /// <summary>Buttons offered for cities and categories; any other is typed.</summary>
    public const int MaxChoices = 8;

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (AdminBot.Asks(update, "broadcast", "admin.menu.broadcast"))
        {
            await update.SetStateAsync(ConversationState.Of(TargetStep));
            await update.ReplyAsync(update.T("admin.broadcast.target"), Keyboards.Inline(
                [(update.T("admin.target.Clients"), $"bc:t:{BroadcastTarget.Clients}"), (update.T("admin.target.Partners"), $"bc:t:{BroadcastTarget.Partners}")]), cancellationToken);
            return true;
        }
        var pressed = CallbackData.TryParse(update.CallbackData, "bc", out var parts);
        if (!pressed && (update.Message is null || update.Command is not null))
        {
            return false;
        }
        var state = await update.GetStateAsync();
        if (pressed)
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            await PressAsync(update, state, parts, cancellationToken);
            return true;
        }
        switch (state?.Step)
        {
            case TargetStep or ConfirmStep:
                await update.ReplyAsync(update.T("admin.broadcast.buttons"), cancellationToken: cancellationToken);
                return true;
            case CityStep:
                await TypedCityAsync(update, state, cancellationToken);
                return true;
            case CategoryStep:
                await TypedCategoryAsync(update, state, cancellationToken);
                return true;
            case TextStep:
                await TextAsync(update, state, cancellationToken);
                return true;
            default:
                return false;
        }
    }

    private async Task PressAsync(BotUpdate update, ConversationState? state, string[] parts, CancellationToken cancellationToken)
    {
        switch (parts, state?.Step)
        {
            case (["t", var targetText], TargetStep) when Enum.TryParse<BroadcastTarget>(targetText, out var target) && Enum.IsDefined(target):
                await AskCityAsync(update, state!.With("target", target.ToString()), cancellationToken);
                return;
            case (["c", var cityText], CityStep) when int.TryParse(cityText, NumberStyles.None, CultureInfo.InvariantCulture, out var cityId):
                var city = cityId == 0 ? null : await db.Cities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cityId && c.IsAvailable, cancellationToken);
                if (cityId != 0 && city is null)
                {
                    break;
                }
                await AskCategoryAsync(update, city is null ? state! : state!.With("city", cityText).With("cityName", city.Name), cancellationToken);
                return;
            case (["g", ..], CategoryStep):
                // A category may itself contain ':'.
                var category = string.Join(':', parts[1..]);
                await AskTextAsync(update, category.Length == 0 ? state! : state!.With("category", category), cancellationToken);
                return;
            case (["cancel"], ConfirmStep):
                await update.ClearStateAsync();
                await update.ReplyAsync(update.T("cancelled"), AdminBot.Menu(update), cancellationToken);
                return;
            case (["send"], ConfirmStep):
                await SendAsync(update, state!, cancellationToken);
                return;
        }
        // A button of an earlier step, of a finished flow, or forged.
        await update.ReplyAsync(update.T("stale"), cancellationToken: cancellationToken);
    }

    private async Task AskCityAsync(BotUpdate update, ConversationState state, CancellationToken cancellationToken)
    {
        await update.SetStateAsync(state.Next(CityStep));
        var cities = await db.Cities.AsNoTracking().Where(c => c.IsAvailable).OrderBy(c => c.Name).Take(MaxChoices)
            .Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        await update.ReplyAsync(update.T("admin.broadcast.city"), Keyboards.Inline(
            [.. cities.Select(c => new[] { (c.Name, $"bc:c:{c.Id}") }), [(update.T("admin.broadcast.all.cities"), "bc:c:0")]]), cancellationToken);
    }

    private async Task TypedCityAsync(BotUpdate update, ConversationState state, CancellationToken cancellationToken)
    {
        var name = update.Text;
        var city = name is { Length: > 0 and <= 100 }
            ? await db.Cities.AsNoTracking().FirstOrDefaultAsync(c => c.IsAvailable && c.Name.ToLower() == name.ToLower(), cancellationToken)
            : null;
        if (city is null)
        {
            await update.ReplyAsync(update.T(name is null ? "expect.text" : "admin.broadcast.city.unknown"), cancellationToken: cancellationToken);
            return;
        }
        await AskCategoryAsync(update, state.With("city", city.Id.ToString(CultureInfo.InvariantCulture)).With("cityName", city.Name), cancellationToken);
    }

    private async Task AskCategoryAsync(BotUpdate update, ConversationState state, CancellationToken cancellationToken)
    {
        await update.SetStateAsync(state.Next(CategoryStep));
        var categories = await db.Partners.AsNoTracking().Where(p => p.Status == PartnerStatus.Active)
            .Select(p => p.Category).Distinct().OrderBy(c => c).Take(MaxChoices).ToListAsync(cancellationToken);
        // Telegram carries at most 64 bytes of callback data: a longer category is typed instead.
        var buttons = categories.Select(c => $"bc:g:{c}").Where(data => Encoding.UTF8.GetByteCount(data) <= 64)
            .Select(data => new[] { (data[5..], data) });
        await update.ReplyAsync(update.T("admin.broadcast.category"), Keyboards.Inline(
            [.. buttons, [(update.T("admin.broadcast.all.categories"), "bc:g:")]]), cancellationToken);
    }

    private async Task TypedCategoryAsync(BotUpdate update, ConversationState state, CancellationToken cancellationToken)
    {
        if (update.Text is not { Length: > 0 and <= BroadcastAudienceQuery.MaxCategoryLength } category)
        {
            await update.ReplyAsync(update.T(update.Text is null ? "expect.text" : "too.long", BroadcastAudienceQuery.MaxCategoryLength), cancellationToken: cancellationToken);
            return;
        }
        await AskTextAsync(update, state.With("category", category), cancellationToken);
    }

    private async Task AskTextAsync(BotUpdate update, ConversationState state, CancellationToken cancellationToken)
    {
        await update.SetStateAsync(state.Next(TextStep));
        await update.ReplyAsync(update.T("admin.broadcast.text", BroadcastService.MaxTextLength), cancellationToken: cancellationToken);
    }

    /// <summary>The text, then the confirmation with the recipient count as it is now (nothing is written yet).</summary>
    private async Task TextAsync(BotUpdate update, ConversationState state, CancellationToken cancellationToken)
    {
        if (update.Text is not { Length: > 0 and <= BroadcastService.MaxTextLength } text)
        {
            await update.ReplyAsync(update.T(update.Text is null ? "expect.text" : "too.long", BroadcastService.MaxTextLength), cancellationToken: cancellationToken);
            return;
        }
        state = state.With("text", text);
        var preview = await broadcasts.PreviewAdminBroadcastAsync(Request(update, state), cancellationToken);
        if (!preview.Succeeded)
        {
            await update.ClearStateAsync();
            await update.ReplyAsync(update.T($"admin.broadcast.status.{preview.Status}"), AdminBot.Menu(update), cancellationToken);
            return;
        }
        await update.SetStateAsync(state.Next(ConfirmStep));
        await update.ReplyAsync(update.T("admin.broadcast.confirm", Describe(update, state), preview.Recipients, text),
            Keyboards.Inline([(update.T("admin.broadcast.send"), "bc:send"), (update.T("btn.cancel"), "bc:cancel")]), cancellationToken);
    }

    private async Task SendAsync(BotUpdate update, ConversationState state, CancellationToken cancellationToken)
    {
        // The flow ends before the broadcast is written: a redelivered or double-tapped Send finds no flow and sends
        // nothing twice (at most once: a crash in between loses the request, and the admin sees no confirmation).
        await update.ClearStateAsync();
        var created = await broadcasts.CreateAdminBroadcastAsync(Request(update, state), cancellationToken);
        await update.ReplyAsync(created.Succeeded
            ? update.T("admin.broadcast.created", created.BroadcastId!, created.Recipients)
            : update.T($"admin.broadcast.status.{created.Status}"), AdminBot.Menu(update), cancellationToken);
    }

    private static AdminBroadcastRequest Request(BotUpdate update, ConversationState state) => new(
        update.UserId,
        Enum.Parse<BroadcastTarget>(state["target"]!),
        state["text"]!,
        state["city"] is { } city ? int.Parse(city, CultureInfo.InvariantCulture) : null,
        state["category"]);

    private static string Describe(BotUpdate update, ConversationState state) => update.T("admin.broadcast.audience",
        update.T($"admin.target.{state["target"]}"),
        state["cityName"] ?? update.T("admin.broadcast.all.cities"),
        state["category"] ?? update.T("admin.broadcast.all.categories"));
}
