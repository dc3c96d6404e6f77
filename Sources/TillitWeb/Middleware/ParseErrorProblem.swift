import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP parser refuses (a request line or header past the limits, bytes that
/// are not HTTP) as the API answers every other error: 400 with an RFC 9457 problem+json body, then
/// closes the connection. Without it the server's own answer is a bare 400 with no content type.
///
/// It sits in the channel pipeline after the HTTP codec, where the parser's error passes on its way
/// to the request handler; a request that was refused never reaches the router, so nothing of it is
/// logged or counted.
final class ParseErrorProblemHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    static let body = #"{"status":400,"title":"Begäran kunde inte läsas: raden eller ett huvudfält är för långt, eller den är inte giltig HTTP.","type":"https:\/\/tillit.se\/problems\/malformed-request"}"#

    private var answered = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !answered else { return }
        answered = true
        let body = ByteBuffer(string: Self.body)
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        fields[.contentLength] = String(body.readableBytes)
        fields[.connection] = "close"
        fields[.cacheControl] = "no-store"
        fields[.xContentTypeOptions] = "nosniff"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .badRequest, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
