import Foundation
import KithShared
import MultipeerConnectivity

/// Carries sync frames to one nearby peer over MultipeerConnectivity. `exchange` blocks until
/// the answer arrives (call it off the main thread, as `KithRepository.sync` is). Frames are
/// end-to-end checked by the core; an empty message means the peer has finished.
final class MultipeerTransport: NSObject, FrameTransport, MCSessionDelegate, @unchecked Sendable {
    private let session: MCSession
    private let peer: MCPeerID
    private let answers = DispatchSemaphore(value: 0)
    private var answer: Data?

    init(session: MCSession, peer: MCPeerID) {
        self.session = session
        self.peer = peer
        super.init()
        session.delegate = self
    }

    func exchange(_ frame: Data) throws -> Data? {
        try session.send(frame, toPeers: [peer], with: .reliable)
        guard answers.wait(timeout: .now() + 30) == .success else {
            throw CocoaError(.fileReadUnknown)
        }
        return answer.flatMap { $0.isEmpty ? nil : $0 }
    }

    func session(_ session: MCSession, didReceive data: Data, fromPeer peerID: MCPeerID) {
        guard peerID == peer else { return }
        answer = data
        answers.signal()
    }

    func session(_ session: MCSession, peer peerID: MCPeerID, didChange state: MCSessionState) {
        if state == .notConnected, peerID == peer {
            answer = nil
            answers.signal()
        }
    }

    func session(_ session: MCSession, didReceive stream: InputStream, withName streamName: String, fromPeer peerID: MCPeerID) {}
    func session(_ session: MCSession, didStartReceivingResourceWithName resourceName: String, fromPeer peerID: MCPeerID, with progress: Progress) {}
    func session(_ session: MCSession, didFinishReceivingResourceWithName resourceName: String, fromPeer peerID: MCPeerID, at localURL: URL?, withError error: Error?) {}
}
