using System.Globalization;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Content;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// Creating a promotion or a service one question at a time (<c>cn:&lt;kind&gt;</c>), or changing one field of an
/// existing one (<c>cef:&lt;kind&gt;:&lt;id&gt;:&lt;field&gt;</c>). Quick answers (type, tier, Skip) are buttons
/// <c>cf:&lt;value&gt;</c>; the last question takes a photo, which the workers fetch from Telegram (getFile and the
/// download through the partner bot), resize and attach after <see cref="MediaUploadedIntegrationEvent"/>. Saving
/// goes through <see cref="PartnerContentService"/>, so an edit sends the item back to moderation.
/// </summary>
internal sealed class ContentFormHandler(PartnerSession session, PartnerContentService content, TimeProvider time) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Partner is not { } partner)
        {
            return false;
        }
        if (CallbackData.TryParse(update.CallbackData, "cn", out var created))
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            if (created is not [var code] || !ContentKinds.TryParse(code, out var kind))
            {
                await update.ReplyAsync(update.T("stale"), cancellationToken: cancellationToken);
                return true;
            }
            await update.SetStateAsync(ConversationState.Of(ContentForm.Step).With("kind", code).With("field", ContentForm.Steps(kind)[0]));
            await AskAsync(update, ContentForm.Steps(kind)[0], cancellationToken);
            return true;
        }
        if (CallbackData.TryParse(update.CallbackData, "cef", out var edited))
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            await StartEditAsync(update, partner.Id, edited, cancellationToken);
            return true;
        }
        var quick = CallbackData.TryParse(update.CallbackData, "cf", out var answer);
        if (await update.GetStateAsync() is not { Step: ContentForm.Step } form)
        {
            if (quick)
            {
                await update.AnswerCallbackAsync(update.T("content.expired"), cancellationToken);
            }
            return quick;
        }
        if (!quick && (update.Message is null || update.Command is not null))
        {
            return false;
        }
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        await AnswerAsync(update, partner.Id, form, quick ? (answer is [var value] ? value : "") : null, cancellationToken);
        return true;
    }

    private async Task StartEditAsync(BotUpdate update, long partnerId, string[] parts, CancellationToken cancellationToken)
    {
        if (parts is not [var code, var idText, var field] || !ContentKinds.TryParse(code, out var kind) || !CallbackData.TryId(idText, out var id)
            || !ContentForm.Steps(kind).Contains(field))
        {
            await update.ReplyAsync(update.T("stale"), cancellationToken: cancellationToken);
            return;
        }
        var form = ConversationState.Of(ContentForm.Step).With("kind", code).With("id", idText).With("field", field);
        form = kind == MediaOwnerKind.Promotion
            ? await content.FindPromotionAsync(partnerId, id, cancellationToken) is { } promotion ? ContentForm.Of(form, promotion) : null
            : await content.FindServiceAsync(partnerId, id, cancellationToken) is { } service ? ContentForm.Of(form, service) : null;
        if (form is null)
        {
            await update.ReplyAsync(update.T("content.notfound"), cancellationToken: cancellationToken);
            return;
        }
        await update.SetStateAsync(form);
        await AskAsync(update, field, cancellationToken);
    }

    /// <summary>One answer: a typed text, a quick button's value (<paramref name="quick"/>), or the photo.</summary>
    private async Task AnswerAsync(BotUpdate update, long partnerId, ConversationState form, string? quick, CancellationToken cancellationToken)
    {
        var field = form["field"] ?? "";
        ContentKinds.TryParse(form["kind"] ?? "", out var kind);
        if (field == "photo")
        {
            var photo = PhotoFileId(update);
            if (photo is null && quick != ContentForm.Skip)
            {
                await update.ReplyAsync(update.T("content.bad.photo"), SkipButton(update), cancellationToken);
                return;
            }
            await SaveAsync(update, partnerId, kind, form, photo, cancellationToken);
            return;
        }
        if ((quick ?? update.Text) is not { } input)
        {
            await update.ReplyAsync(update.T("expect.text"), cancellationToken: cancellationToken);
            return;
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (ContentForm.Parse(field, input, form, today, out var error, out var args) is not { } value)
        {
            await update.ReplyAsync(update.T(error, args), Buttons(update, field), cancellationToken);
            return;
        }
        form = form.With(field, value);
        var steps = ContentForm.Steps(kind);
        var next = Array.IndexOf(steps, field) + 1;
        if (form["id"] is not null || next >= steps.Length)
        {
            await SaveAsync(update, partnerId, kind, form, null, cancellationToken);
            return;
        }
        await update.SetStateAsync(form.With("field", steps[next]));
        await AskAsync(update, steps[next], cancellationToken);
    }

    private async Task SaveAsync(BotUpdate update, long partnerId, MediaOwnerKind kind, ConversationState form, string? photo, CancellationToken cancellationToken)
    {
        await update.ClearStateAsync();
        var code = ContentKinds.Code(kind);
        var editing = long.TryParse(form["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        IDictionary<string, string[]>? errors = null;
        if (kind == MediaOwnerKind.Promotion && !(editing && photo is not null))
        {
            var saved = editing
                ? await content.UpdatePromotionAsync(partnerId, id, ContentForm.Promotion(form), cancellationToken)
                : await content.CreatePromotionAsync(partnerId, ContentForm.Promotion(form), cancellationToken);
            (id, errors) = (saved.Item?.Id ?? 0, saved.Errors);
        }
        else if (kind == MediaOwnerKind.Service && !(editing && photo is not null))
        {
            var saved = editing
                ? await content.UpdateServiceAsync(partnerId, id, ContentForm.Service(form), cancellationToken)
                : await content.CreateServiceAsync(partnerId, ContentForm.Service(form), cancellationToken);
            (id, errors) = (saved.Item?.Id ?? 0, saved.Errors);
        }
        if (errors is not null || id == 0)
        {
            await update.ReplyAsync(errors is null ? update.T("content.notfound") : update.T("content.invalid", string.Join(", ", errors.Keys)), cancellationToken: cancellationToken);
            return;
        }
        var text = editing ? update.T("content.saved") : update.T($"content.{code}.created", id);
        if (photo is not null)
        {
            text = await content.SubmitPhotoAsync(kind, partnerId, id, PhotoSource.Telegram(PartnerBot.Name, photo), cancellationToken)
                ? $"{text}\n{update.T("content.photo.queued")}"
                : update.T("content.notfound");
        }
        await update.ReplyAsync(text, Keyboards.Inline([(update.T("content.btn.open"), $"cv:{code}:{id}")]), cancellationToken);
    }

    /// <summary>The largest size of a photo, or an image sent as a file; the workers check its size and format.</summary>
    private static string? PhotoFileId(BotUpdate update) =>
        update.Message?.Photo is [.., var largest] ? largest.FileId
        : update.Message?.Document is { MimeType: ['i', 'm', 'a', 'g', 'e', '/', ..] } document ? document.FileId
        : null;

    private static Task AskAsync(BotUpdate update, string field, CancellationToken cancellationToken) =>
        update.ReplyAsync(update.T($"content.ask.{field}"), Buttons(update, field), cancellationToken);

    private static InlineKeyboardMarkup? Buttons(BotUpdate update, string field) => field switch
    {
        "type" => Keyboards.Inline([.. Enum.GetValues<PromotionType>().Select(type => new[] { (update.T($"type.{type}"), $"cf:{type}") })]),
        "tier" => Keyboards.Inline([(update.T("content.btn.notier"), $"cf:{ContentForm.Skip}")],
            [.. Enum.GetValues<Tier>().Select(tier => (update.T($"tier.{tier}"), $"cf:{tier}"))]),
        "description" or "starts" or "photo" => SkipButton(update),
        _ => null,
    };

    private static InlineKeyboardMarkup SkipButton(BotUpdate update) => Keyboards.Inline([(update.T("content.btn.skip"), $"cf:{ContentForm.Skip}")]);
}
