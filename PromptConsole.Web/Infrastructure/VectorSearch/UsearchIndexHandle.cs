using Microsoft.Win32.SafeHandles;

namespace PromptConsole.Web.Infrastructure.VectorSearch;

/// <summary>Owns one native index; freed when disposed or, failing that, when collected.</summary>
internal sealed class UsearchIndexHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public UsearchIndexHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        UsearchNative.Free(handle, out _);
        return true;
    }
}
