using System.Net.Http.Headers;
using Amazon.S3.Model;
using Coordi.Voice.Recording;
using Microsoft.Extensions.DependencyInjection;

namespace Coordi.Voice.Tests;

/// <summary>Recordings as an owner reaches them (a link from the core, fetched from the edge) and as the bucket holds them.</summary>
public static class StoredRecordings
{
    private static readonly HttpClient Http = new();

    /// <summary>Asks the core for the call's link, as the portal does, and fetches it (optionally a byte range).</summary>
    public static async Task<HttpResponseMessage> FetchAsync(VoiceFixture fixture, Business business, string callId, RangeHeaderValue? range = null)
    {
        var link = await fixture.Clients(business).Calls.GetRecordingLinkAsync(new GetRecordingLinkRequest { CallId = callId });
        return await GetAsync(link.Url, range);
    }

    public static Task<HttpResponseMessage> GetAsync(string url, RangeHeaderValue? range = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = range;
        return Http.SendAsync(request);
    }

    /// <summary>Keys in the edge's bucket under one tenant's prefix.</summary>
    public static async Task<IReadOnlyList<string>> KeysOfTenantAsync(VoiceServer voice, string tenantId)
    {
        var bucket = voice.Services.GetRequiredService<RecordingBucket>();
        var listed = await bucket.Client.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = bucket.Name,
            Prefix = $"{RecordingStorageOptions.Prefix}{Guid.Parse(tenantId):N}/",
        });
        return (listed.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public static string KeyOf(string tenantId, string callId) => RecordingStorageOptions.KeyOf(Guid.Parse(tenantId), Guid.Parse(callId));
}
