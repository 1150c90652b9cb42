using Coordi.Portal.Infrastructure;
using Coordi.Portal.Model;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.Onboarding;

/// <summary>Onboarding progress per organization, kept in the portal's database so it can be resumed.</summary>
public sealed class OnboardingStore(PortalDbContext db, TimeProvider clock)
{
    public async Task<OnboardingProgress> GetAsync(string organizationId, CancellationToken cancellationToken) =>
        await db.OnboardingProgress.AsNoTracking().SingleOrDefaultAsync(p => p.OrganizationId == organizationId, cancellationToken)
        ?? new OnboardingProgress { OrganizationId = organizationId };

    public async Task CompleteAsync(string organizationId, OnboardingStep step, CancellationToken cancellationToken)
    {
        var progress = await db.OnboardingProgress.SingleOrDefaultAsync(p => p.OrganizationId == organizationId, cancellationToken);
        if (progress is null)
        {
            progress = new OnboardingProgress { OrganizationId = organizationId };
            db.OnboardingProgress.Add(progress);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        switch (step)
        {
            case OnboardingStep.Business: progress.BusinessDoneAt ??= now; break;
            case OnboardingStep.Services: progress.ServicesDoneAt ??= now; break;
            case OnboardingStep.Agent: progress.AgentDoneAt ??= now; break;
            case OnboardingStep.Phone: progress.PhoneDoneAt ??= now; break;
        }

        progress.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.Entry(progress).State == EntityState.Added)
        {
            // Two tabs finished a step at once and the other created the row first: record the step on it.
            db.ChangeTracker.Clear();
            await CompleteAsync(organizationId, step, cancellationToken);
        }
    }

    public static bool IsDone(OnboardingProgress progress, OnboardingStep step) => step switch
    {
        OnboardingStep.Business => progress.BusinessDoneAt is not null,
        OnboardingStep.Services => progress.ServicesDoneAt is not null,
        OnboardingStep.Agent => progress.AgentDoneAt is not null,
        OnboardingStep.Phone => progress.PhoneDoneAt is not null,
        _ => false,
    };

    public static OnboardingStep? NextStep(OnboardingProgress progress) =>
        OnboardingSteps.InOrder.Cast<OnboardingStep?>().FirstOrDefault(s => !IsDone(progress, s!.Value));
}
