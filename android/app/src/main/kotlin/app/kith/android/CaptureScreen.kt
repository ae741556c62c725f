package app.kith.android

import androidx.camera.core.ImageAnalysis
import androidx.camera.view.LifecycleCameraController
import androidx.camera.view.PreviewView
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.LocalLifecycleOwner
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import app.kith.core.Bounds
import app.kith.core.CardLine
import app.kith.core.KithException
import app.kith.shared.CaptureReview
import app.kith.shared.KithRepository
import app.kith.shared.ReviewEdit
import app.kith.shared.describe
import app.kith.shared.reduce
import com.google.mlkit.vision.barcode.BarcodeScanning
import com.google.mlkit.vision.common.InputImage
import com.google.mlkit.vision.text.TextRecognition
import com.google.mlkit.vision.text.latin.TextRecognizerOptions
import java.time.LocalDate
import java.util.Locale
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Capture: CameraX frames go to ML Kit (text recognition and barcode scanning); the lines with
 * their boxes, or the QR payload, go to the core, which returns a draft to review and save.
 */
@Composable
fun CaptureScreen(repository: KithRepository) {
    val context = LocalContext.current
    val owner = LocalLifecycleOwner.current
    val scope = rememberCoroutineScope()
    var review by remember { mutableStateOf<CaptureReview?>(null) }
    var message by remember { mutableStateOf<String?>(null) }
    val region = Locale.getDefault().country.ifBlank { null }

    fun read(block: () -> app.kith.core.Draft) = scope.launch {
        try {
            review = CaptureReview(withContext(Dispatchers.IO) { block() }, followUpBy = LocalDate.now().plusDays(3).toString())
        } catch (e: KithException) {
            message = describe(e)
        }
    }

    val current = review
    if (current == null) {
        val controller = remember {
            LifecycleCameraController(context).apply {
                val text = TextRecognition.getClient(TextRecognizerOptions.DEFAULT_OPTIONS)
                val barcodes = BarcodeScanning.getClient()
                setImageAnalysisBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
                setImageAnalysisAnalyzer(ContextCompat.getMainExecutor(context)) { proxy ->
                    val media = proxy.image ?: return@setImageAnalysisAnalyzer proxy.close()
                    val image = InputImage.fromMediaImage(media, proxy.imageInfo.rotationDegrees)
                    barcodes.process(image).addOnSuccessListener { codes ->
                        val qr = codes.firstNotNullOfOrNull { it.rawValue }
                        if (qr != null) {
                            read { repository.readQr(qr) }
                            proxy.close()
                            return@addOnSuccessListener
                        }
                        text.process(image).addOnSuccessListener { result ->
                            val lines = result.textBlocks.flatMap { it.lines }.map { line ->
                                val box = line.boundingBox
                                CardLine(
                                    text = line.text,
                                    bounds = box?.let { Bounds(it.left.toFloat(), it.top.toFloat(), it.width().toFloat(), it.height().toFloat()) },
                                    confidence = line.confidence,
                                )
                            }
                            if (lines.size >= 2) read { repository.readOcr(lines, region) }
                        }.addOnCompleteListener { proxy.close() }
                    }.addOnFailureListener { proxy.close() }
                }
                bindToLifecycle(owner)
            }
        }
        AndroidView(factory = { PreviewView(it).apply { this.controller = controller } },
            modifier = Modifier.fillMaxWidth().height(400.dp))
        message?.let { Text(it) }
        return
    }

    Column(modifier = Modifier.padding(16.dp)) {
        OutlinedTextField(current.draft.name?.full.orEmpty(), { review = reduce(current, ReviewEdit.Name(it)) },
            label = { Text(if ("name" in current.toCheck) "Name (check)" else "Name") })
        OutlinedTextField(current.draft.title?.value.orEmpty(), { review = reduce(current, ReviewEdit.Title(it)) },
            label = { Text("Title") })
        OutlinedTextField(current.draft.organization?.value.orEmpty(), { review = reduce(current, ReviewEdit.Organization(it)) },
            label = { Text("Organization") })
        current.draft.phones.forEach { Text(it.e164 ?: "${it.raw} (check)") }
        current.draft.emails.forEach { Text(it.value) }
        OutlinedTextField(current.metAt.orEmpty(), { review = reduce(current, ReviewEdit.MetAt(it)) }, label = { Text("Met at") })
        Button(enabled = current.canSave, onClick = {
            scope.launch {
                try {
                    val saved = withContext(Dispatchers.IO) {
                        repository.saveCapture(current.draft, current.metAt, current.followUpBy, region)
                    }
                    message = "Saved ${saved.contact.fullName}"
                    review = null
                } catch (e: KithException) {
                    message = describe(e)
                }
            }
        }) { Text("Save") }
        message?.let { Text(it) }
    }
}
