using LoyalityBot.Coordination;

namespace LoyalityBot.Api.Infrastructure;

/// <summary>The <c>RateLimits</c> section: requests per signed-in user and per client IP, shared by every replica.</summary>
public sealed class ApiRateLimitOptions
{
    public const string SectionName = "RateLimits";

    public LimitSettings PerUser { get; set; } = new() { Limit = 120, Period = TimeSpan.FromMinutes(1), Burst = 40 };

    public LimitSettings PerIp { get; set; } = new() { Limit = 600, Period = TimeSpan.FromMinutes(1), Burst = 200 };

    public sealed class LimitSettings
    {
        public int Limit { get; set; }
        public TimeSpan Period { get; set; }
        public int Burst { get; set; }

        public RateLimitPolicy ToPolicy(string name)
        {
            var policy = new RateLimitPolicy(name, Limit, Period, Burst);
            policy.Validate();
            return policy;
        }
    }
}
