namespace Coordi.Core.FunctionalTests;

[CollectionDefinition(Name)]
public sealed class CoreCollection : ICollectionFixture<CoreFixture>
{
    public const string Name = "core";
}
