pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}
dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}
rootProject.name = "Kith"
include(":app", ":shared", ":ui")
// The screens are shared with the desktop app and live at the top of the repository.
project(":ui").projectDir = file("../ui")
