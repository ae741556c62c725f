package app.kith.ui.android

import androidx.camera.core.ImageAnalysis
import androidx.camera.view.LifecycleCameraController
import androidx.camera.view.PreviewView
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import androidx.lifecycle.compose.LocalLifecycleOwner
import app.kith.core.Bounds
import app.kith.core.CardLine
import com.google.mlkit.vision.barcode.BarcodeScanning
import com.google.mlkit.vision.common.InputImage
import com.google.mlkit.vision.text.TextRecognition
import com.google.mlkit.vision.text.latin.TextRecognizerOptions

/**
 * The capture camera: CameraX frames go to ML Kit; a QR code's payload, or a card's text lines
 * with their boxes, go to the shared capture screen, which hands them to the core.
 */
@Composable
fun CardCamera(onLines: (List<CardLine>) -> Unit, onQr: (String) -> Unit) {
    val context = LocalContext.current
    val owner = LocalLifecycleOwner.current
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
                        onQr(qr)
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
                        // Two lines at least: a name alone is not a card yet; keep looking.
                        if (lines.size >= 2) onLines(lines)
                    }.addOnCompleteListener { proxy.close() }
                }.addOnFailureListener { proxy.close() }
            }
            bindToLifecycle(owner)
        }
    }
    AndroidView(
        factory = { PreviewView(it).apply { this.controller = controller } },
        modifier = Modifier.fillMaxWidth().height(360.dp).semantics { contentDescription = "Camera: point it at a card or a QR code" },
    )
}
