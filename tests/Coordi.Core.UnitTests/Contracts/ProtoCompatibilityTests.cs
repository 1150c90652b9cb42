using System.Runtime.CompilerServices;
using Google.Protobuf.Reflection;

namespace Coordi.Core.UnitTests.Contracts;

/// <summary>
/// The breaking-change check of the contract. To publish a deliberate change of the snapshot (after adding to the
/// contract), run this class with COORDI_UPDATE_PROTO_SNAPSHOT=1 and commit proto-snapshot.json; see docs/partners.md.
/// </summary>
public sealed class ProtoCompatibilityTests
{
    private static string SnapshotPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "proto-snapshot.json");

    [Fact]
    public void The_contract_keeps_every_published_field_message_and_rpc()
    {
        var current = ProtoSnapshot.Of(ProtoSnapshot.CompiledFiles());
        var built = Path.Combine(AppContext.BaseDirectory, "Contracts", "proto-snapshot.json");
        if (Environment.GetEnvironmentVariable("COORDI_UPDATE_PROTO_SNAPSHOT") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(built)!);
            File.WriteAllText(SnapshotPath(), current.ToJson());
            File.WriteAllText(built, current.ToJson());
        }

        var published = ProtoSnapshot.FromJson(File.ReadAllText(built));

        Assert.Empty(ProtoCompatibility.BreakingChanges(published, current));
        Assert.Contains("coordi.v1.Lead", published.Messages.Keys);
    }

    [Fact]
    public void A_renumbered_field_is_a_breaking_change()
    {
        var changed = Edit(files => Field(files, "Lead", "phone").Number = 33);

        var problems = Check(changed);

        Assert.Contains(problems, p => p.Contains("coordi.v1.Lead: field 3 'phone string' was removed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_renamed_or_retyped_field_is_a_breaking_change()
    {
        var renamed = Check(Edit(files => Field(files, "Lead", "phone").Name = "phone_number"));
        var retyped = Check(Edit(files => Field(files, "Lead", "phone").Type = FieldDescriptorProto.Types.Type.Bytes));

        Assert.Equal(["message coordi.v1.Lead: field 3 changed from 'phone string' to 'phone_number string'"], renamed);
        Assert.Equal(["message coordi.v1.Lead: field 3 changed from 'phone string' to 'phone bytes'"], retyped);
    }

    [Fact]
    public void Removed_messages_enum_values_and_rpcs_are_breaking_changes()
    {
        var problems = Check(Edit(files =>
        {
            var leads = files.Single(f => f.Name == "coordi/v1/leads.proto");
            leads.Service[0].Method.Remove(leads.Service[0].Method.Single(m => m.Name == "UpdateLead"));
            var status = leads.EnumType.Single(e => e.Name == "LeadStatus");
            status.Value.Remove(status.Value.Single(v => v.Name == "LEAD_STATUS_LOST"));
            leads.MessageType.Remove(leads.MessageType.Single(m => m.Name == "GetLeadRequest"));
        }));

        Assert.Contains("rpc coordi.v1.LeadService.UpdateLead was removed", problems);
        Assert.Contains("message coordi.v1.GetLeadRequest was removed", problems);
        Assert.Contains(problems, p => p.StartsWith("enum coordi.v1.LeadStatus: value 5", StringComparison.Ordinal));
    }

    [Fact]
    public void Additions_are_compatible()
    {
        var problems = Check(Edit(files =>
        {
            var leads = files.Single(f => f.Name == "coordi/v1/leads.proto");
            leads.MessageType.Single(m => m.Name == "Lead").Field.Add(new FieldDescriptorProto
            {
                Name = "company", Number = 99, Type = FieldDescriptorProto.Types.Type.String, Label = FieldDescriptorProto.Types.Label.Optional, JsonName = "company",
            });
            leads.MessageType.Add(new DescriptorProto { Name = "LeadNote" });
        }));

        Assert.Empty(problems);
    }

    private static IReadOnlyList<string> Check(IReadOnlyList<FileDescriptorProto> changed) =>
        ProtoCompatibility.BreakingChanges(ProtoSnapshot.Of(ProtoSnapshot.CompiledFiles()), ProtoSnapshot.Of(changed));

    private static IReadOnlyList<FileDescriptorProto> Edit(Action<IReadOnlyList<FileDescriptorProto>> change)
    {
        var files = ProtoSnapshot.CompiledFiles().Select(f => f.Clone()).ToList();
        change(files);
        return files;
    }

    private static FieldDescriptorProto Field(IReadOnlyList<FileDescriptorProto> files, string message, string field) =>
        files.SelectMany(f => f.MessageType).Single(m => m.Name == message).Field.Single(f => f.Name == field);
}
