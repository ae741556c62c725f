// The shared UI for a machine with the Android SDK (included from android/settings.gradle.kts).
// Here, without Gradle or the SDK, ui/pom.xml builds the same sources for the desktop JVM and
// runs their Compose tests. Both targets are JVMs and the screens use the JNA bindings, so
// commonMain is compiled into each target rather than as platform-neutral metadata; iOS stays
// SwiftUI over the same core (uniffi generates no Kotlin/Native bindings).
plugins {
    id("org.jetbrains.kotlin.multiplatform")
    id("org.jetbrains.kotlin.plugin.compose")
    id("org.jetbrains.compose")
    id("com.android.library")
}

kotlin {
    jvm("desktop")
    androidTarget()
    jvmToolchain(17)
    sourceSets {
        commonMain.configure { kotlin.setSrcDirs(emptyList<String>()) }
        val shared = listOf("src/commonMain/kotlin")
        val desktopMain by getting {
            kotlin.srcDirs(shared)
            dependencies {
                implementation(project(":shared"))
                implementation(compose.desktop.currentOs)
                implementation(compose.material3)
                implementation("org.jetbrains.kotlinx:kotlinx-coroutines-swing:1.10.2")
            }
        }
        val desktopTest by getting {
            dependencies {
                @OptIn(org.jetbrains.compose.ExperimentalComposeLibrary::class)
                implementation(compose.uiTest)
                implementation("junit:junit:4.13.2")
            }
        }
        androidMain {
            kotlin.srcDirs(shared)
            dependencies {
                implementation(project(":shared"))
                implementation(compose.material3)
                implementation("androidx.activity:activity-compose:1.10.0")
                implementation("androidx.lifecycle:lifecycle-runtime-compose:2.8.7")
                implementation("androidx.camera:camera-camera2:1.4.1")
                implementation("androidx.camera:camera-lifecycle:1.4.1")
                implementation("androidx.camera:camera-view:1.4.1")
                implementation("com.google.mlkit:text-recognition:16.0.1")
                implementation("com.google.mlkit:barcode-scanning:17.3.0")
                implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.2")
            }
        }
    }
}

android {
    namespace = "app.kith.ui"
    compileSdk = 35
    defaultConfig { minSdk = 26 }
}

compose.desktop {
    application { mainClass = "app.kith.desktop.MainKt" }
}
