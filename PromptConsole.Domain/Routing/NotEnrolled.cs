namespace PromptConsole.Domain.Routing;

/// <summary>Why a request an experiment targeted still got the label's version.</summary>
public enum NotEnrolledReason
{
    /// <summary>The request did not carry the experiment's subject attribute.</summary>
    NoSubject,

    /// <summary>The subject's hash fell outside the experiment's coverage.</summary>
    OutsideCoverage,

    /// <summary>The arm's version is not in the prompt's snapshot (versions are immutable, so this is a stale snapshot).</summary>
    UnknownVersion,
}

/// <summary>Carried by a label decision when an experiment targeted the request but did not enrol it, so the caller can count it.</summary>
public readonly record struct NotEnrolled(string ExperimentKey, NotEnrolledReason Reason);
