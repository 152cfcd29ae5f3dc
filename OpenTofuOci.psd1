@{
    RootModule           = 'OpenTofuOci.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0b8f8e-3c1d-4b7a-9a53-2f7f4f0c9e11'
    Author               = 'OpenTofuOci contributors'
    CompanyName          = 'OpenTofuOci contributors'
    Copyright            = '(c) OpenTofuOci contributors'
    Description          = 'Publish and install OpenTofu providers and modules to and from OCI registries and OCI image-layout directories, in the layout OpenTofu 1.10+ reads.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('OpenTofuOci.Format.ps1xml')
    CmdletsToExport      = @('Get-TofuOciTag', 'Get-TofuProviderVersion', 'Publish-TofuProvider', 'Copy-TofuProvider', 'Install-TofuProvider', 'Update-TofuLockFile', 'Publish-TofuModule', 'Save-TofuModule', 'Get-TofuOciCredentialSource', 'Connect-TofuOciRegistry', 'Disconnect-TofuOciRegistry', 'Export-TofuBundle', 'Test-TofuProviderMirror', 'Import-TofuBundle', 'Test-TofuBundle')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('OpenTofu', 'OCI', 'Registry', 'Providers', 'Modules', 'AirGap')
            ProjectUri   = 'https://github.com/opentofuoci/opentofuoci'
            LicenseUri   = 'https://github.com/opentofuoci/opentofuoci/blob/main/LICENSE'
            ReleaseNotes = 'Providers (Publish-TofuProvider, Get-TofuProviderVersion, Copy-TofuProvider, Install-TofuProvider, Update-TofuLockFile), mirror audits (Test-TofuProviderMirror), air-gap bundles (Export-TofuBundle, Test-TofuBundle, Import-TofuBundle), modules (Publish-TofuModule, Save-TofuModule), tags (Get-TofuOciTag) and the credentials tofu would use (Get-TofuOciCredentialSource, Connect-/Disconnect-TofuOciRegistry), to and from OCI registries and OCI image-layout directories. Piped tags and versions carry the connection they were listed with.'
        }
    }
}
