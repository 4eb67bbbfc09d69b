namespace LoyalityBot.Domain.Model;

/// <summary>A 0–10 rating a client gave after a visit (null partner = the system itself).</summary>
public class NpsRating
{
    public long Id { get; set; }
    public long ClientId { get; set; }
    public long? PartnerId { get; set; }
    public short Rating { get; set; }
    public string? MasterName { get; set; }
    public string? Feedback { get; set; }
    public DateTime CreatedAt { get; set; }
}
