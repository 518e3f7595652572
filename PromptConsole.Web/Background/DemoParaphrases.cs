namespace PromptConsole.Web.Background;

/// <summary>
/// The demo's customer messages in groups that mean the same (the first of each group is the original). Demo traffic
/// picks from all of them, so the same message comes back (an exact repeat) and so does a paraphrase of it: the
/// semantic cache of <c>support-reply</c> then has would-be hits to compare in shadow mode. No paraphrase changes a
/// number, quoted string or identifier, so the guards let them match.
/// </summary>
public static class DemoParaphrases
{
    public static IReadOnlyList<IReadOnlyList<string>> Groups { get; } =
    [
        [
            "Hi, I was charged twice for my subscription this month. Can you refund the second payment?",
            "Hello, my subscription was billed twice this month. Could you refund the second charge?",
            "I got charged two times for my subscription this month, can you give me back the second payment?",
        ],
        [
            "The app logs me out every time I switch to another tab. I have already cleared the cache.",
            "Every time I change tabs the app signs me out. Clearing the cache did not help.",
        ],
        [
            "I'd like to change the delivery address for my order before it ships. Is that still possible?",
            "Can I still update the shipping address on my order before it is sent?",
        ],
        ["Your export to CSV drops the last column when a cell contains a comma."],
        [
            "Can I upgrade from the basic plan to the team plan without losing my saved reports?",
            "If I move from the basic plan to the team plan, will I keep my saved reports?",
        ],
        [
            "The password reset e-mail never arrives. I checked the spam folder too.",
            "I never receive the password reset email, and it is not in my spam folder either.",
            "The e-mail to reset my password does not arrive, not even in spam.",
        ],
        ["Thanks for the quick fix last week! One more question: does the API support pagination?"],
        [
            "My invoice shows the wrong company name. We renamed the company in March.",
            "The company name on my invoice is wrong; we changed our name in March.",
        ],
    ];

    /// <summary>Every message of every group, in order.</summary>
    public static IReadOnlyList<string> Messages { get; } = Groups.SelectMany(g => g).ToArray();
}
