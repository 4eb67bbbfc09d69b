namespace LoyalityBot.Messaging.IntegrationEvents;

/// <summary>Something every configured admin should hear about (a new partner application, a failed job…), sent through the admin bot.</summary>
public sealed record AdminAlertIntegrationEvent(string Subject, string Text) : IntegrationEvent;
