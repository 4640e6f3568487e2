console.log('api')
