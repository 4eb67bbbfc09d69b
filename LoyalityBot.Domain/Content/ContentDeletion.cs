namespace LoyalityBot.Domain.Content;

/// <summary>What a delete did. A promotion that clients paid for is kept (the ledger points at it) but deactivated.</summary>
public enum ContentDeletion { NotFound, Deleted, Deactivated }
