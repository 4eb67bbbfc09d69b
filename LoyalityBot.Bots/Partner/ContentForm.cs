using System.Globalization;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Content;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// The questions of the promotion and service forms, each answer checked on its own (with the limits of
/// <see cref="ContentRules"/>, so the bot accepts what the API accepts) and kept as text in the conversation state
/// until the form is saved through <see cref="PartnerContentService"/>.
/// </summary>
internal static class ContentForm
{
    public const string Step = "content-form";
    public const string Skip = "-";
    public const string DateFormat = "dd.MM.yyyy";

    public static readonly string[] PromotionSteps = ["title", "description", "price", "type", "starts", "ends", "maxpoints", "tier", "photo"];
    public static readonly string[] ServiceSteps = ["title", "description", "category", "points", "photo"];

    public static string[] Steps(MediaOwnerKind kind) => kind == MediaOwnerKind.Promotion ? PromotionSteps : ServiceSteps;

    /// <summary>The answer to <paramref name="field"/> as stored text, or null with the error to show.</summary>
    public static string? Parse(string field, string input, ConversationState form, DateOnly today, out string error, out object[] args)
    {
        (error, args) = ($"content.bad.{field}", []);
        var text = input.Trim();
        switch (field)
        {
            case "title":
                return text.Length is > 0 and <= ContentRules.TitleMaxLength && text != Skip ? text : null;
            case "description":
                return text == Skip ? "" : text.Length <= ContentRules.DescriptionMaxLength ? text : null;
            case "category":
                return text.Length is > 0 and <= ContentRules.CategoryMaxLength && text != Skip ? text : null;
            case "price":
                return ParsePrice(text) is { } price ? Format(price) : null;
            case "points":
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var points) && ContentRules.IsPoints(points) ? Format(points) : null;
            case "type":
                return Enum.GetNames<PromotionType>().FirstOrDefault(name => name.Equals(text, StringComparison.OrdinalIgnoreCase));
            case "tier":
                return text == Skip ? "" : Enum.GetNames<Tier>().FirstOrDefault(name => name.Equals(text, StringComparison.OrdinalIgnoreCase));
            case "starts":
                return text == Skip ? today.ToString(DateFormat, CultureInfo.InvariantCulture) : ParseDate(text) is { } start ? start.ToString(DateFormat, CultureInfo.InvariantCulture) : null;
            case "ends":
                var starts = Date(form["starts"]) ?? today;
                args = [starts.ToString(DateFormat, CultureInfo.InvariantCulture)];
                return ParseDate(text) is { } end && end >= today && end >= starts ? end.ToString(DateFormat, CultureInfo.InvariantCulture) : null;
            case "maxpoints":
                // The points paid never exceed the price (one point pays for one unit of the price).
                var cap = Math.Min(ContentRules.MaxPoints, (long)decimal.Floor(ParsePrice(form["price"] ?? "0") ?? 0));
                args = [cap];
                return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max <= cap ? Format(max) : null;
            default:
                return null;
        }
    }

    public static PromotionFields Promotion(ConversationState form) => new(
        form["title"], Empty(form["description"]), Enum.TryParse<PromotionType>(form["type"], out var type) ? type : null, null,
        Date(form["starts"]), Date(form["ends"]), ParsePrice(form["price"] ?? ""), null,
        long.TryParse(form["maxpoints"], CultureInfo.InvariantCulture, out var max) ? max : null,
        Enum.TryParse<Tier>(form["tier"], out var tier) ? tier : null, null,
        form["services"] is { Length: > 0 } ids ? [.. ids.Split(',').Select(id => long.Parse(id, CultureInfo.InvariantCulture))] : null);

    public static ServiceFields Service(ConversationState form) => new(
        form["title"], Empty(form["description"]), int.TryParse(form["points"], CultureInfo.InvariantCulture, out var points) ? points : null, form["category"]);

    /// <summary>A stored promotion as form answers, so one field can be changed and the rest saved as they were.</summary>
    public static ConversationState Of(ConversationState state, Promotion p) => state
        .With("title", p.Title).With("description", p.Description ?? "").With("price", Format(p.Price)).With("type", p.Type.ToString())
        .With("starts", p.StartsOn.ToString(DateFormat, CultureInfo.InvariantCulture)).With("ends", p.EndsOn.ToString(DateFormat, CultureInfo.InvariantCulture))
        .With("maxpoints", Format(p.MaxPointsPayment)).With("tier", p.MinTier?.ToString() ?? "")
        .With("services", string.Join(',', p.Services.Select(s => s.Id)));

    public static ConversationState Of(ConversationState state, Service s) => state
        .With("title", s.Title).With("description", s.Description ?? "").With("category", s.Category).With("points", Format(s.PricePoints));

    /// <summary>A price: 0 to 1,000,000 with at most 2 decimals ("19,99" too).</summary>
    private static decimal? ParsePrice(string text)
    {
        text = text.Replace(',', '.');
        return text.Length is > 0 and <= 20 && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
               && ContentRules.IsPrice(value) && decimal.Round(value, 2) == value ? value : null;
    }

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 2100 ? date : null;

    private static DateOnly? Date(string? text) => text is null ? null : ParseDate(text);

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
