namespace Coordi.Voice.Tests;

/// <summary>
/// The voice tests share one stack (database, core, fakes, voice edge) and run one at a time: some of them stop
/// and restart the core or the edge under the others' feet.
/// </summary>
[CollectionDefinition(Name)]
public sealed class VoiceCollection : ICollectionFixture<VoiceFixture>
{
    public const string Name = "voice";
}
