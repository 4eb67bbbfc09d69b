namespace LoyalityBot.Bots.Pipeline;

/// <summary>
/// One flow of one bot. Handlers are registered per bot (keyed by its name) in order; the first that takes an
/// update handles it, and an update none takes gets the bot's "I did not understand" answer.
/// </summary>
public interface IUpdateHandler
{
    ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken);
}
