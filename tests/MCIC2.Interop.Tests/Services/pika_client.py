"""A HubEx client written with another AMQP library (Debian's python3-pika), driven by the tests.

Logs in over TLS 1.2 with its certificate (SASL EXTERNAL), declares its own queue passively (clients may not
declare), then publishes one persistent message per routing key to the send exchange, with publisher confirms.
Prints one line per routing key: `<key> confirmed`, or `<key> refused <reply code>` when the broker closes the
channel (a new one is opened for the next key).

Usage: /usr/bin/python3 pika_client.py AMQPS_URI CA_CRT CLIENT_CRT CLIENT_KEY EXCHANGE QUEUE ROUTING_KEY...
"""
import ssl
import sys
from urllib.parse import unquote, urlsplit

import pika
from pika.credentials import ExternalCredentials
from pika.exceptions import ChannelClosedByBroker


def open_channel(connection):
    channel = connection.channel()
    channel.confirm_delivery()
    return channel


def main(uri, ca_file, certificate_file, key_file, exchange, queue, *routing_keys):
    url = urlsplit(uri)
    context = ssl.create_default_context(cafile=ca_file)
    context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certificate_file, key_file)
    parameters = pika.ConnectionParameters(
        host=url.hostname, port=url.port, virtual_host=unquote(url.path[1:]),
        credentials=ExternalCredentials(),
        ssl_options=pika.SSLOptions(context, server_hostname=url.hostname))
    with pika.BlockingConnection(parameters) as connection:
        channel = open_channel(connection)
        channel.queue_declare(queue, passive=True)
        for routing_key in routing_keys:
            try:
                channel.basic_publish(exchange, routing_key, b'{}', pika.BasicProperties(
                    delivery_mode=pika.spec.PERSISTENT_DELIVERY_MODE, content_type='application/json'))
                print(routing_key, 'confirmed', flush=True)
            except ChannelClosedByBroker as refused:
                print(routing_key, 'refused', refused.reply_code, flush=True)
                channel = open_channel(connection)


if __name__ == '__main__':
    main(*sys.argv[1:])
