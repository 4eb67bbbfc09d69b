namespace LoyalityBot.Workers.Images;

/// <summary>The upload is not an acceptable image; <see cref="Exception.Message"/> is written for the partner.</summary>
public sealed class ImageRejectedException(string message) : Exception(message);
