using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Client;

/// <summary>The registered client behind the update (null before registration), loaded once per update.</summary>
internal sealed class ClientSession
{
    public Domain.Model.Client? Client { get; set; }
}

/// <summary>First in line: loads the client from the primary and answers in their chosen language. Never handles.</summary>
internal sealed class ClientSessionHandler(ClientSession session, LoyaltyDbContext db) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        session.Client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == update.UserId, cancellationToken);
        if (session.Client is { } client)
        {
            update.Language = client.Language;
        }
        return false;
    }
}
