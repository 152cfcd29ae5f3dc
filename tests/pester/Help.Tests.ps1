#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# The help users get: Get-Help in a real pwsh, reading the MAML and the about topic that
# build.ps1 -Task Package staged (src/OpenTofuOci.HelpCompiler made them from docs/en-US).

BeforeDiscovery {
    $manifestData = Import-PowerShellDataFile -LiteralPath (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'OpenTofuOci.psd1')
    $cmdlets = @($manifestData.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-StagedModule
    # What PowerShell adds to every cmdlet; help documents them once, under CommonParameters.
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters
}

Describe 'Get-Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
        $script:Text = $script:Help | Out-String -Width 200
    }

    It 'comes from the staged MAML, not from the cmdlet metadata' {
        $script:Command.Module.Name | Should -Be 'OpenTofuOci'
        $script:Help.PSObject.TypeNames | Should -Contain 'MamlCommandHelpInfo#FullView'
        $script:Help.Category | Should -Be 'Cmdlet'
    }

    It 'shows a synopsis' {
        # Without help, PowerShell makes the syntax line the synopsis.
        $script:Help.Synopsis | Should -Not -BeNullOrEmpty
        $script:Help.Synopsis | Should -Not -BeLike "$Name *"
        $script:Help.Synopsis | Should -Match '\.$'
        $script:Text | Should -Match "SYNOPSIS\s+$([regex]::Escape(($script:Help.Synopsis -split ' ')[0..3] -join ' '))"
    }

    It 'shows a description' {
        $paragraphs = @($script:Help.description.Text | Where-Object { $_ })
        $paragraphs.Count | Should -BeGreaterThan 0
        ($paragraphs -join ' ').Length | Should -BeGreaterThan 100
        $script:Text | Should -Match 'DESCRIPTION'
    }

    It 'describes every parameter of the cmdlet, and only those' {
        $documented = @($script:Help.parameters.parameter.name)
        $expected = @($script:Command.Parameters.Keys | Where-Object { $_ -notin $script:Common })
        $documented | Sort-Object | Should -Be ($expected | Sort-Object)
        foreach ($parameter in $script:Help.parameters.parameter) {
            ($parameter.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
        }
    }

    It 'answers Get-Help -Parameter for each parameter with its description and metadata' {
        # ($Name is the cmdlet; PowerShell variable names ignore case, so the loop needs another name.)
        foreach ($parameterName in $script:Command.Parameters.Keys | Where-Object { $_ -notin $script:Common }) {
            $parameter = Get-Help $Name -Parameter $parameterName
            $parameter.name | Should -Be $parameterName
            ($parameter.description.Text -join ' ') | Should -Not -BeNullOrEmpty
            $metadata = $script:Command.Parameters[$parameterName]
            # Mandatory in some set may show as required; optional in every set must not.
            $mandatory = [bool]($metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory })
            $parameter.required | Should -BeIn @('true', 'false')
            if (-not $mandatory) { $parameter.required | Should -Be 'false' -Because "-$parameterName is optional in every set" }
            ($parameter | Out-String) | Should -Match "-$parameterName\b"
        }
    }

    It 'shows at least two examples, each with code' {
        $examples = @($script:Help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.title | Should -Match '^-+ Example \d+: .+ -+$'
            $example.code | Should -Not -BeNullOrEmpty
            $script:Text.Contains(($example.code -split "`n")[0].Trim()) | Should -BeTrue -Because 'Get-Help -Full shows the code'
        }
    }

    It 'shows related links, among them the about topic' {
        $links = @($script:Help.relatedLinks.navigationLink)
        $links.Count | Should -BeGreaterThan 0
        $links.linkText | Should -Contain 'about_OpenTofuOci'
        $script:Text | Should -Match 'RELATED LINKS\s+about_OpenTofuOci'
    }

    It 'shows inputs, outputs and notes' {
        $script:Help.inputTypes.inputType.type.name | Should -Not -BeNullOrEmpty
        # Every cmdlet writes one of our output types; a Test- cmdlet's -Quiet also gives a Boolean.
        $names = @($script:Help.returnValues.returnValue.type.name)
        @($names | Where-Object { $_ -like 'OpenTofuOci.PowerShell.Output.*' }).Count | Should -BeGreaterThan 0
        @($names | Where-Object { $_ -notlike 'OpenTofuOci.PowerShell.Output.*' -and $_ -ne 'System.Boolean' }) | Should -BeNullOrEmpty
        ($script:Help.alertSet.alert.Text -join ' ') | Should -Match 'FullyQualifiedErrorId'
    }
}

Describe 'Get-Help about_OpenTofuOci' {
    It 'shows the about topic' {
        $text = Get-Help about_OpenTofuOci | Out-String
        $lines = $text -split "`r?`n"
        $lines[0..1] | Should -Be @('TOPIC', '    about_OpenTofuOci')
        $text | Should -Match 'LONG DESCRIPTION'
        foreach ($cmdlet in (Get-Module OpenTofuOci).ExportedCmdlets.Keys) {
            $text | Should -BeLike "*$cmdlet*"
        }
    }

    It 'lists the topic with its short description as synopsis' {
        # Several matching topics (Pester brings its own about topics) give a listing instead of the text.
        $topic = Get-Help -Name about_* -Category HelpFile | Where-Object Name -EQ 'about_OpenTofuOci'
        $markdown = Get-Content -LiteralPath (Join-Path (Get-RepositoryRoot) 'docs/en-US/about_OpenTofuOci.help.md')
        $short = $markdown[[array]::IndexOf($markdown, '## Short description') + 1]
        $topic.Synopsis | Should -Be ($short -replace '`', '')
    }
}
